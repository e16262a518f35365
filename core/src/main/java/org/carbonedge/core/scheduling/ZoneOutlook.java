package org.carbonedge.core.scheduling;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The intensity a zone is expected to have at a future moment: the newest measured value for now, and forecast
 * intervals ahead. Forecasts arrive late, out of order and overlapping (a new issue covers hours an older one
 * covered): for any moment the interval of the most recently <em>issued</em> forecast that covers it wins, whatever
 * order they arrived in, and an older issue never overwrites a newer one. A moment no forecast covers has no
 * expectation ({@link Double#NaN}) — the scheduler does not guess beyond the horizon; it only holds a request as
 * far as forecasts reach. Bounded: at most {@link #MAX_INTERVALS_PER_ZONE} intervals per zone, oldest dropped.
 */
public final class ZoneOutlook {

    /** Intervals kept per zone: 8 days of half-hours, several issues overlapping. */
    public static final int MAX_INTERVALS_PER_ZONE = 4096;

    private record Interval(long startMillis, long endMillis, double gco2PerKwh, long issuedMillis) {
    }

    private final Map<String, NavigableMap<Long, Interval>> forecasts = new HashMap<>();
    private final Map<String, double[]> measured = new HashMap<>(); // zone -> {gco2PerKwh, atMillis}
    private final Map<String, Long> horizonMillis = new HashMap<>();
    /** Per zone, the last slot series asked for, valid while nothing changed ({@link #version}). */
    private final Map<String, Series> series = new HashMap<>();
    private long version;

    private record Series(long firstMillis, long stepMillis, int count, long version, double[] gco2PerKwh) {
    }
    /** Longest forecast interval looked back over: a day (forecasts come hourly or half-hourly). */
    static final long MAX_INTERVAL_MILLIS = 24L * 3_600_000;

    /** Records a measured (or estimated) value valid from {@code at}; a value older than the one known is ignored. */
    public void measured(String zone, Instant at, double gco2PerKwh) {
        if (!usable(gco2PerKwh)) {
            return;
        }
        double[] known = measured.get(zone);
        if (known == null || at.toEpochMilli() >= known[1]) {
            measured.put(zone, new double[]{gco2PerKwh, at.toEpochMilli()});
            version++;
        }
    }

    /**
     * Records a forecast interval [{@code start}, {@code end}) issued at {@code issuedAt}. Returns false (and keeps
     * nothing) for an empty interval or one longer than a day, an unusable value, or one a more recent issue with the
     * same start already gave.
     */
    public boolean forecast(String zone, Instant start, Instant end, double gco2PerKwh, Instant issuedAt) {
        long s = start.toEpochMilli();
        long e = end.toEpochMilli();
        if (e <= s || e - s > MAX_INTERVAL_MILLIS || !usable(gco2PerKwh)) {
            return false;
        }
        NavigableMap<Long, Interval> intervals = forecasts.computeIfAbsent(zone, z -> new TreeMap<>());
        Interval existing = intervals.get(s);
        if (existing != null && existing.issuedMillis() > issuedAt.toEpochMilli()) {
            return false;
        }
        intervals.put(s, new Interval(s, e, gco2PerKwh, issuedAt.toEpochMilli()));
        horizonMillis.merge(zone, e, Math::max);
        version++;
        while (intervals.size() > MAX_INTERVALS_PER_ZONE) {
            intervals.pollFirstEntry();
        }
        return true;
    }

    /** Drops forecast intervals that ended before {@code now}. */
    public void forgetBefore(Instant now) {
        long t = now.toEpochMilli();
        for (NavigableMap<Long, Interval> intervals : forecasts.values()) {
            intervals.headMap(t, false).values().removeIf(i -> i.endMillis() <= t);
        }
        version++;
    }

    /**
     * Expected intensity of {@code zone} at {@code at}: the newest measured value when {@code at} is not after
     * {@code now}, else the value of the most recently issued forecast interval covering {@code at}, else NaN.
     */
    public double gco2PerKwh(String zone, Instant now, Instant at) {
        if (!at.isAfter(now)) {
            double[] m = measured.get(zone);
            if (m != null) {
                return m[0];
            }
        }
        NavigableMap<Long, Interval> intervals = forecasts.get(zone);
        if (intervals == null) {
            return Double.NaN;
        }
        long t = at.toEpochMilli();
        Interval best = null;
        for (Interval i : intervals.subMap(t - MAX_INTERVAL_MILLIS, false, t, true).values()) {
            if (i.endMillis() > t && (best == null || i.issuedMillis() >= best.issuedMillis())) {
                best = i;
            }
        }
        return best == null ? Double.NaN : best.gco2PerKwh();
    }

    /**
     * The forecast for {@code zone} at {@code count} moments {@code stepMillis} apart from {@code firstMillis} (all
     * after now), NaN where none covers. Every request decided in one slot asks for the same grid, so the last one
     * asked is kept until the outlook changes: a decision then costs array arithmetic, not map look-ups. The array
     * is shared: do not change it.
     */
    public double[] forecastSeries(String zone, long firstMillis, long stepMillis, int count) {
        Series cached = series.get(zone);
        if (cached != null && cached.firstMillis() == firstMillis && cached.stepMillis() == stepMillis
                && cached.count() == count && cached.version() == version) {
            return cached.gco2PerKwh();
        }
        double[] values = new double[count];
        Instant before = Instant.ofEpochMilli(firstMillis - 1);
        for (int k = 0; k < count; k++) {
            values[k] = gco2PerKwh(zone, before, Instant.ofEpochMilli(firstMillis + k * stepMillis));
        }
        series.put(zone, new Series(firstMillis, stepMillis, count, version, values));
        return values;
    }

    /** The end of the forecast for {@code zone} (exclusive), or {@code null} without one. */
    public Instant horizon(String zone) {
        Long end = horizonMillis.get(zone);
        return end == null ? null : Instant.ofEpochMilli(end);
    }

    private static boolean usable(double v) {
        return Double.isFinite(v) && v >= 0;
    }
}
