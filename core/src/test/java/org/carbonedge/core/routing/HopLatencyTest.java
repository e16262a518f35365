package org.carbonedge.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The hop latency is learned from submission-to-planning times, smoothed, capped, and never below the floor. */
class HopLatencyTest {

    private static final Instant T = Instant.parse("2026-11-30T00:00:00Z");

    @Test
    void learnsFromArrivalsWithinItsBounds() {
        HopLatency hops = new HopLatency(1.0);
        assertThat(hops.millis()).as("the floor before any request").isEqualTo(1.0);

        hops.observe(T, T.plusMillis(13));
        assertThat(hops.millis()).isEqualTo(13.0);
        hops.observe(T, T.plusMillis(23));
        assertThat(hops.millis()).isCloseTo(14.0, within(1e-9));
        hops.observe(T, T.plusSeconds(3600));   // a backlog: capped at 10 s
        assertThat(hops.millis()).isCloseTo(14.0 + 0.1 * (10_000 - 14.0), within(1e-9));

        HopLatency skewed = new HopLatency(1.0);
        skewed.observe(T.plusMillis(50), T);     // a client clock ahead of the router's
        assertThat(skewed.millis()).as("never below the floor").isEqualTo(1.0);
    }
}
