package org.carbonedge.core.forecast;

import java.time.Instant;

/**
 * The part of a {@link RegularSeries} that was known at an issue time: the intervals that had ended by
 * {@code issuedAt}. It is the only thing a {@link IntensityForecaster} is given, and every read is bounds-checked
 * against it, so a forecaster cannot peek at the values it is forecasting even by an indexing mistake: reading
 * interval {@code knownCount()} or later throws.
 */
public final class KnownHistory {
    private final RegularSeries series;
    private final double[] values;
    private final Instant issuedAt;
    private final int knownCount;
    private final long firstTarget;

    KnownHistory(RegularSeries series, Instant issuedAt, int knownCount, long firstTarget) {
        this.series = series;
        this.values = series.values();
        this.issuedAt = issuedAt;
        this.knownCount = knownCount;
        this.firstTarget = firstTarget;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    /**
     * Intervals known (indices {@code 0 .. knownCount()-1}), holes included: every interval from the series' origin
     * that ended by the issue time, also those after the series' last point (known to be missing: the feed is
     * late). So the history seen at an issue time does not depend on how far the series happens to extend.
     */
    public int knownCount() {
        return knownCount;
    }

    /**
     * Index of the first interval to forecast: the one running at {@code issuedAt} (or starting then). Equals
     * {@link #knownCount()} unless the issue time is before the series' origin (then negative).
     */
    public long firstTarget() {
        return firstTarget;
    }

    /**
     * Value of known interval {@code i}, NaN where missing.
     *
     * @throws IndexOutOfBoundsException for an interval not known at {@code issuedAt}
     */
    public double at(long i) {
        if (i < 0 || i >= knownCount) {
            throw new IndexOutOfBoundsException("interval " + i + " is not known at " + issuedAt + " (known: 0.."
                    + (knownCount - 1) + ")");
        }
        return i < values.length ? values[(int) i] : Double.NaN;
    }

    /** Value of interval {@code i} when known and present, else NaN (before the series starts, too). */
    public double orNaN(long i) {
        return i >= 0 && i < knownCount && i < values.length ? values[(int) i] : Double.NaN;
    }

    /** Index of the newest known interval with a value, or -1 when none. */
    public int lastPresent() {
        for (int i = Math.min(knownCount, values.length) - 1; i >= 0; i--) {
            if (!Double.isNaN(values[i])) {
                return i;
            }
        }
        return -1;
    }

    public int stepsPerDay() {
        return series.stepsPerDay();
    }

    public long stepMillis() {
        return series.stepMillis();
    }

    /** Start of interval {@code i}. */
    public Instant validFrom(long i) {
        return series.validFrom(i);
    }
}
