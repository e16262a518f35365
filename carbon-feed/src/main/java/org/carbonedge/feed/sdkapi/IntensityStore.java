package org.carbonedge.feed.sdkapi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;

/**
 * What the pipeline knows of grid intensity, in memory and bounded, for the Carbon Aware SDK Web API: per zone the
 * measured (and estimated) points, and the most recent forecast runs. A measured value replaces an estimate for
 * the same interval; an estimate never replaces a measured value. Forecast points are grouped into runs by their
 * {@code publishedAt} (a forecast without it forms one run issued "at the epoch", so any dated run is newer).
 *
 * <p>Bounds: at most {@code maxZones} zones (the zone written least recently is dropped), {@code maxPointsPerZone}
 * measured points per zone and per forecast run (the oldest interval is dropped), {@code maxRunsPerZone} forecast
 * runs per zone (the oldest run is dropped). Thread-safe: the consumer thread writes while HTTP threads read.
 */
public final class IntensityStore {

    /** Issue time of forecast points published without one. */
    static final Instant UNDATED_RUN = Instant.EPOCH;

    /** One interval of one zone. */
    public record Point(String zone, Instant from, Instant to, double gco2PerKwh, IntensityKind kind) {
    }

    /** One forecast run of a zone: when it was issued and its points in time order. */
    public record ForecastRun(String zone, Instant issuedAt, List<Point> points) {
    }

    private static final class Zone {
        final TreeMap<Instant, Point> actual = new TreeMap<>();
        final TreeMap<Instant, TreeMap<Instant, Point>> runs = new TreeMap<>();
    }

    private final int maxZones;
    private final int maxPointsPerZone;
    private final int maxRunsPerZone;
    /** Insertion order = order of last write: the eldest entry is the zone written least recently. */
    private final LinkedHashMap<String, Zone> zones = new LinkedHashMap<>();
    private long accepted;
    private long refused;

    public IntensityStore(int maxZones, int maxPointsPerZone, int maxRunsPerZone) {
        if (maxZones < 1 || maxPointsPerZone < 1 || maxRunsPerZone < 1) {
            throw new IllegalArgumentException("store limits must be positive");
        }
        this.maxZones = maxZones;
        this.maxPointsPerZone = maxPointsPerZone;
        this.maxRunsPerZone = maxRunsPerZone;
    }

    /** 1,000 zones, 20,000 points per zone and run (two years of hourly values), 4 forecast runs per zone. */
    public static IntensityStore defaults() {
        return new IntensityStore(1_000, 20_000, 4);
    }

    /** Adds one record as it arrives on {@code carbonedge.grid-intensity}; returns false when it is refused. */
    public boolean add(GridIntensity r) {
        return add(r.getZone(), r.getValidFrom(), r.getValidTo(), r.getGco2PerKwh(), r.getKind(), r.getPublishedAt());
    }

    /**
     * Adds one interval. Refused (false): a blank zone, an empty or reversed interval, a value that is not a finite
     * number of at least zero.
     */
    public synchronized boolean add(String zone, Instant from, Instant to, double gco2PerKwh, IntensityKind kind,
                                    Instant publishedAt) {
        if (zone == null || zone.isBlank() || from == null || to == null || !from.isBefore(to) || kind == null
                || !Double.isFinite(gco2PerKwh) || gco2PerKwh < 0) {
            refused++;
            return false;
        }
        Zone z = zones.remove(zone);
        if (z == null) {
            z = new Zone();
            if (zones.size() >= maxZones) {
                Iterator<String> eldest = zones.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        zones.put(zone, z); // now the most recently written
        Point p = new Point(zone, from, to, gco2PerKwh, kind);
        if (kind == IntensityKind.FORECAST) {
            Instant issued = publishedAt == null ? UNDATED_RUN : publishedAt;
            TreeMap<Instant, Point> run = z.runs.get(issued);
            if (run == null) {
                if (z.runs.size() >= maxRunsPerZone) {
                    if (issued.isBefore(z.runs.firstKey())) {
                        refused++;
                        return false; // older than every run kept
                    }
                    z.runs.pollFirstEntry();
                }
                run = new TreeMap<>();
                z.runs.put(issued, run);
            }
            put(run, p);
        } else {
            Point old = z.actual.get(from);
            if (old != null && old.kind() == IntensityKind.MEASURED && kind != IntensityKind.MEASURED) {
                refused++;
                return false;
            }
            put(z.actual, p);
        }
        accepted++;
        return true;
    }

    private void put(TreeMap<Instant, Point> series, Point p) {
        series.put(p.from(), p);
        while (series.size() > maxPointsPerZone) {
            series.pollFirstEntry();
        }
    }

    /** Whether anything (measured, estimated or forecast) is known of {@code zone}. */
    public synchronized boolean knows(String zone) {
        return zones.containsKey(zone);
    }

    /**
     * Measured and estimated points of {@code zone} overlapping {@code [start, end)}; when {@code start == end}, the
     * point covering that instant. Time order.
     */
    public synchronized List<Point> actual(String zone, Instant start, Instant end) {
        Zone z = zones.get(zone);
        if (z == null) {
            return List.of();
        }
        List<Point> out = new ArrayList<>();
        Map.Entry<Instant, Point> before = z.actual.lowerEntry(start);
        if (before != null && before.getValue().to().isAfter(start)) {
            out.add(before.getValue());
        }
        NavigableMap<Instant, Point> inside = start.equals(end)
                ? z.actual.subMap(start, true, end, true)
                : z.actual.subMap(start, true, end, false);
        out.addAll(inside.values());
        return out;
    }

    /** The most recently issued forecast run of {@code zone}, if any. */
    public synchronized Optional<ForecastRun> currentForecast(String zone) {
        Zone z = zones.get(zone);
        if (z == null || z.runs.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<Instant, TreeMap<Instant, Point>> last = z.runs.lastEntry();
        return Optional.of(new ForecastRun(zone, last.getKey(), List.copyOf(last.getValue().values())));
    }

    /** Zones known, at most {@code maxZones}. */
    public synchronized int zoneCount() {
        return zones.size();
    }

    /** Records accepted and refused so far, for the health line. */
    public synchronized String counts() {
        return "zones=" + zones.size() + " accepted=" + accepted + " refused=" + refused;
    }
}
