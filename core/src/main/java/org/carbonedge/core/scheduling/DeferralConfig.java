package org.carbonedge.core.scheduling;

import java.time.Duration;

/**
 * How the deferral planner holds requests.
 *
 * @param slot          granularity of release times (and of the capacity calendar)
 * @param minMargin     least time kept between the planned end of a request and its deadline
 * @param marginShare   share of the window also kept as margin (a forecast is less sure far ahead)
 * @param maxBusyShare  share of a slot a device may be promised to held requests: the rest stays for work that
 *                      cannot wait, so releasing held requests never queues interactive ones behind them
 */
public record DeferralConfig(Duration slot, Duration minMargin, double marginShare, double maxBusyShare) {

    public DeferralConfig {
        if (slot == null || slot.toMillis() < 1_000) {
            throw new IllegalArgumentException("slot must be at least 1 s, was " + slot);
        }
        if (minMargin == null || minMargin.isNegative()) {
            throw new IllegalArgumentException("minMargin must not be negative, was " + minMargin);
        }
        if (!(marginShare >= 0 && marginShare < 1)) {
            throw new IllegalArgumentException("marginShare must be in [0, 1), was " + marginShare);
        }
        if (!(maxBusyShare > 0 && maxBusyShare <= 1)) {
            throw new IllegalArgumentException("maxBusyShare must be in (0, 1], was " + maxBusyShare);
        }
    }

    /** 15-minute slots, 5 minutes or 10% of the window as margin, 70% of a device's time for held work. */
    public static DeferralConfig defaults() {
        return new DeferralConfig(Duration.ofMinutes(15), Duration.ofMinutes(5), 0.10, 0.70);
    }
}
