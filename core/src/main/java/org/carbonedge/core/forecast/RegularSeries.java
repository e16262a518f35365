package org.carbonedge.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A zone's intensity on a regular time grid: value {@code i} is the interval starting at {@code origin + i * step},
 * NaN where nothing usable was observed. Forecasting and evaluation index into an array instead of searching maps,
 * which is what makes a year of hourly rolling forecasts take seconds.
 *
 * <p>Built from points as a feed delivers them: in any order, with holes, duplicates, NaN or negative values. A
 * value that is not finite or is negative is <em>missing</em> (a grid cannot emit negative carbon; a NaN is a broken
 * row), a duplicate interval keeps the first value seen (as {@code FeedLoader} does), and a point that does not fall
 * on the grid is dropped; all three are counted so a caller can report them. The step must divide one day, because
 * the forecasters model the daily cycle in whole steps.
 */
public final class RegularSeries {
    private static final Duration DAY = Duration.ofDays(1);

    private final Instant origin;
    private final Duration step;
    private final long stepMillis;
    private final double[] gco2PerKwh;
    private final int invalidValues;
    private final int duplicates;
    private final int offGrid;

    private RegularSeries(Instant origin, Duration step, double[] gco2PerKwh, int invalidValues, int duplicates,
                          int offGrid) {
        this.origin = origin;
        this.step = step;
        this.stepMillis = step.toMillis();
        this.gco2PerKwh = gco2PerKwh;
        this.invalidValues = invalidValues;
        this.duplicates = duplicates;
        this.offGrid = offGrid;
    }

    /** The series of {@code points} with the step inferred from them ({@link #inferStep}). */
    public static RegularSeries of(List<IntensityPoint> points) {
        return of(points, inferStep(points));
    }

    /**
     * The series of {@code points} on a grid of {@code step} starting at the earliest point. An empty list gives an
     * empty series (origin {@link Instant#EPOCH}).
     *
     * @throws IllegalArgumentException when {@code step} is not a positive whole number of milliseconds dividing
     *                                  one day, or the points span more than {@link Integer#MAX_VALUE} steps
     */
    public static RegularSeries of(List<IntensityPoint> points, Duration step) {
        checkStep(step);
        if (points.isEmpty()) {
            return new RegularSeries(Instant.EPOCH, step, new double[0], 0, 0, 0);
        }
        List<IntensityPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(IntensityPoint::validFrom)); // stable: the first of duplicates stays first
        Instant origin = sorted.get(0).validFrom();
        long stepMillis = step.toMillis();
        long span = Duration.between(origin, sorted.get(sorted.size() - 1).validFrom()).toMillis() / stepMillis + 1;
        if (span > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("series spans " + span + " steps of " + step + "; too long");
        }
        double[] values = new double[(int) span];
        boolean[] seen = new boolean[values.length];
        java.util.Arrays.fill(values, Double.NaN);
        int invalid = 0;
        int duplicates = 0;
        int offGrid = 0;
        for (IntensityPoint p : sorted) {
            long offset = p.validFrom().toEpochMilli() - origin.toEpochMilli();
            if (offset % stepMillis != 0) {
                offGrid++;
                continue;
            }
            int i = (int) (offset / stepMillis);
            if (seen[i]) {
                duplicates++;
                continue;
            }
            seen[i] = true;
            double v = p.gco2PerKwh();
            if (Double.isFinite(v) && v >= 0) {
                values[i] = v;
            } else {
                invalid++;
            }
        }
        return new RegularSeries(origin, step, values, invalid, duplicates, offGrid);
    }

    /**
     * The most common gap between consecutive distinct start times (ties: the shorter), so a few holes or a stray
     * irregular row do not change the grid; one hour when there are fewer than two distinct times.
     */
    public static Duration inferStep(List<IntensityPoint> points) {
        long[] times = points.stream().mapToLong(p -> p.validFrom().toEpochMilli()).sorted().distinct().toArray();
        if (times.length < 2) {
            return Duration.ofHours(1);
        }
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 1; i < times.length; i++) {
            counts.merge(times[i] - times[i - 1], 1, Integer::sum);
        }
        long best = 0;
        int bestCount = 0;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return Duration.ofMillis(best);
    }

    private static void checkStep(Duration step) {
        Objects.requireNonNull(step, "step");
        if (step.isNegative() || step.isZero() || step.toNanos() % 1_000_000 != 0
                || DAY.toMillis() % step.toMillis() != 0) {
            throw new IllegalArgumentException("step must be a positive whole number of milliseconds that divides one"
                    + " day (e.g. 5m, 15m, 30m, 1h), was " + step);
        }
    }

    /**
     * What was known at {@code issuedAt}: the intervals that had <em>ended</em> by then (an interval's value is
     * measured over the interval, so the one still running is not known yet). Forecasters see only this view.
     */
    public KnownHistory knownAt(Instant issuedAt) {
        long sinceOrigin = issuedAt.toEpochMilli() - origin.toEpochMilli();
        long ended = Math.floorDiv(sinceOrigin, stepMillis);
        int known = (int) Math.max(0, Math.min(Integer.MAX_VALUE / 2, ended));
        return new KnownHistory(this, issuedAt, known, ended);
    }

    public Instant origin() {
        return origin;
    }

    public Duration step() {
        return step;
    }

    public long stepMillis() {
        return stepMillis;
    }

    /** Steps in one day (24 for hourly data, 48 for half-hourly). */
    public int stepsPerDay() {
        return (int) (DAY.toMillis() / stepMillis);
    }

    /** Number of grid intervals from the first point to the last, holes included. */
    public int size() {
        return gco2PerKwh.length;
    }

    /** Value of interval {@code i}, NaN where missing. */
    public double gco2PerKwh(int i) {
        return gco2PerKwh[i];
    }

    /** Start of interval {@code i} (any {@code i}, also outside the series). */
    public Instant validFrom(long i) {
        return origin.plusMillis(i * stepMillis);
    }

    /** Index of the interval containing {@code at} (may be negative or past the end). */
    public long indexOf(Instant at) {
        return Math.floorDiv(at.toEpochMilli() - origin.toEpochMilli(), stepMillis);
    }

    /** Intervals with a usable value. */
    public int presentCount() {
        int n = 0;
        for (double v : gco2PerKwh) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    /** Points whose value was NaN, infinite or negative (kept as missing). */
    public int invalidValues() {
        return invalidValues;
    }

    /** Points for an interval that already had one (the first was kept). */
    public int duplicates() {
        return duplicates;
    }

    /** Points whose start was not on the grid (dropped). */
    public int offGrid() {
        return offGrid;
    }

    /** Shares the array with {@link KnownHistory}, which bounds every read to what was known. */
    double[] values() {
        return gco2PerKwh;
    }
}
