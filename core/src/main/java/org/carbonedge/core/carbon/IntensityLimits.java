package org.carbonedge.core.carbon;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of an intensity history, so a feed that runs for months (or a replay at high speed-up) cannot grow state
 * without limit.
 *
 * @param maxEntries      intervals kept per zone and signal; the oldest are dropped first
 * @param ttl             intervals that ended more than this before the newest interval's start (event time) are
 *                        dropped
 * @param maxCarryForward when no interval covers an instant, the latest interval that ended at most this long
 *                        before it is used, downgraded to ESTIMATED; {@link Duration#ZERO} turns that off
 */
public record IntensityLimits(int maxEntries, Duration ttl, Duration maxCarryForward) implements Serializable {

    private static final long serialVersionUID = 1L;

    public IntensityLimits {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
        }
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(maxCarryForward, "maxCarryForward");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        if (maxCarryForward.isNegative()) {
            throw new IllegalArgumentException("maxCarryForward must be >= 0, was " + maxCarryForward);
        }
    }

    /** 2,048 intervals (85 days hourly), 7 days of event time, carry forward up to 2 hours. */
    public static IntensityLimits defaults() {
        return new IntensityLimits(2_048, Duration.ofDays(7), Duration.ofHours(2));
    }
}
