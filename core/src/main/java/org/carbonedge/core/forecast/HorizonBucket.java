package org.carbonedge.core.forecast;

import java.time.Duration;

/**
 * How far ahead a forecast value is, by its lead: from the issue time to the end of the forecast interval (so with
 * hourly data issued on the hour, the hour starting now has lead 1 h). Buckets are half-open on the left.
 */
public enum HorizonBucket {
    /** Lead up to 1 h: the interval running now (and, for half-hourly data, the next). */
    UP_TO_1H("1h", 0, 1),
    /** Lead over 1 h up to 6 h. */
    H1_TO_6("1_6h", 1, 6),
    /** Lead over 6 h up to 24 h. */
    H6_TO_24("6_24h", 6, 24),
    /** Lead over 24 h up to 48 h. */
    H24_TO_48("24_48h", 24, 48);

    private final String label;
    private final long fromMillis;
    private final long toMillis;

    HorizonBucket(String label, int fromHours, int toHours) {
        this.label = label;
        this.fromMillis = fromHours * 3_600_000L;
        this.toMillis = toHours * 3_600_000L;
    }

    /** Short name for machine-readable output, e.g. {@code 1_6h}. */
    public String label() {
        return label;
    }

    /** The bucket of {@code lead}, or null when it is longer than 48 h (or not positive). */
    public static HorizonBucket of(Duration lead) {
        return ofMillis(lead.toMillis());
    }

    /** The bucket of a lead of {@code millis}, or null. */
    public static HorizonBucket ofMillis(long millis) {
        for (HorizonBucket b : values()) {
            if (millis > b.fromMillis && millis <= b.toMillis) {
                return b;
            }
        }
        return null;
    }
}
