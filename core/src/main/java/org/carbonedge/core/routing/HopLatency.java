package org.carbonedge.core.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * What one hop through this deployment costs — a record written to Kafka until a consumer acts on it — learned
 * from the requests the router plans: the smoothed time from a request's submission to its planning. An inference
 * takes one such hop into the router, one to its first device and one between any two stages, so latency
 * objectives are budgeted with it, not only with compute (on the embedded stack a hop measured about 13 ms while a
 * MobileNetV2 stage computes in 10 ms, so a compute-only estimate met objectives that requests then missed).
 * Until a request has been seen, and as a floor, the configured hop latency applies. Observations above
 * {@link #MAX_OBSERVED} (a backlog, a skewed client clock) are capped. Not thread-safe.
 */
public final class HopLatency {

    /** Weight of a new observation. */
    static final double ALPHA = 0.1;
    /** Longest observation taken as it is. */
    static final Duration MAX_OBSERVED = Duration.ofSeconds(10);

    private final double floorMillis;
    private double millis = Double.NaN;

    /** @param floorMillis the configured hop latency: used before the first observation and as a lower bound */
    public HopLatency(double floorMillis) {
        this.floorMillis = floorMillis;
    }

    /** Records a request submitted at {@code submittedAt} and planned at {@code plannedAt}. */
    public void observe(Instant submittedAt, Instant plannedAt) {
        // in doubles: Duration.toNanos overflows (throws) for instants ~292 years apart, which a client may send
        double ms = Math.max(0, Math.min(MAX_OBSERVED.toMillis(),
                (double) plannedAt.toEpochMilli() - (double) submittedAt.toEpochMilli()));
        millis = Double.isNaN(millis) ? ms : millis + ALPHA * (ms - millis);
    }

    /** The hop latency to plan with, milliseconds. */
    public double millis() {
        return Double.isNaN(millis) ? floorMillis : Math.max(floorMillis, millis);
    }
}
