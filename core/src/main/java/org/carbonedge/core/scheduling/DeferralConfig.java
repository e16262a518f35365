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
 * @param maxHold       longest a request is held, whatever its deadline: well inside the retention of the topic a
 *                      held request is read back from at release (7 days), and beyond any forecast anyway
 */
public record DeferralConfig(Duration slot, Duration minMargin, double marginShare, double maxBusyShare,
                             Duration maxHold) implements java.io.Serializable {

    public DeferralConfig(Duration slot, Duration minMargin, double marginShare, double maxBusyShare) {
        this(slot, minMargin, marginShare, maxBusyShare, DEFAULT_MAX_HOLD);
    }

    /** Two days: NESO's forecasts reach 48 h ahead. */
    public static final Duration DEFAULT_MAX_HOLD = Duration.ofDays(2);

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
        if (maxHold == null || maxHold.compareTo(slot) < 0) {
            throw new IllegalArgumentException("maxHold must be at least one slot, was " + maxHold);
        }
    }

    /**
     * 15-minute slots; 5 minutes or 5% of the window as margin, whichever is more (a 24 h window keeps 72 minutes:
     * ample for an inference of milliseconds, and 10% gave up slots the oracle used); 70% of a device's time for held
     * work; held at most two days.
     */
    public static DeferralConfig defaults() {
        return new DeferralConfig(Duration.ofMinutes(15), Duration.ofMinutes(5), 0.05, 0.70);
    }
}
