package org.carbonedge.feed.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.forecast.IntensityForecast;
import org.carbonedge.core.forecast.IntensityForecaster;
import org.carbonedge.core.forecast.IntensityPoint;
import org.carbonedge.core.forecast.RegularSeries;

/**
 * The built-in forecaster as a stream step: it takes the grid-intensity records as they come and, once a zone's
 * measurements reach a new issue time (every {@code every}, in the data's own time, so a replay is forecast as a live
 * feed would be), returns that zone's forecast issued then as FORECAST records ({@link ForecastRecords}) to publish.
 * Only what was measured before the issue time is used (the forecaster sees a {@code KnownHistory}), so there is no
 * peeking, whatever order records arrive in.
 *
 * <p>A zone whose provider publishes forecasts (FORECAST records from another source in the last {@code quiet}) is
 * left to them. The forecaster's own records, read back from the topic, only move the zone's last issue time (after a
 * restart the same forecasts are not issued twice). Bounded: at most {@code maxZones} zones (later ones are ignored
 * and counted) and, per zone, the measurements of the last {@code keep} (event time); measured intervals whose length
 * differs from the zone's first one are ignored and counted.
 */
public final class ZoneForecastIssuer {

    /** Measurement history kept per zone: the seasonal forecaster fits 28 days and 3 weekly profiles. */
    public static final Duration DEFAULT_KEEP = Duration.ofDays(56);

    private static final class Zone {
        final Duration step;
        final TreeMap<Long, Double> measured = new TreeMap<>();
        long lastIssuedMillis = Long.MIN_VALUE;

        Zone(Duration step) {
            this.step = step;
        }
    }

    private final IntensityForecaster forecaster;
    private final Duration horizon;
    private final long everyMillis;
    private final long keepMillis;
    private final long quietMillis;
    private final int maxZones;
    private final Map<String, Zone> zones = new HashMap<>();
    /** Per zone, the latest issue time of a provider's forecast seen. */
    private final Map<String, Long> providerSeen = new HashMap<>();
    private long offGrid;
    private long zonesRefused;
    private volatile long issued;

    /**
     * @param horizon how far ahead each forecast reaches
     * @param every   issue interval (a forecast per zone at every multiple of it, UTC)
     * @param keep    measurement history kept per zone
     * @param quiet    a zone with a provider forecast seen within this is not forecast
     * @param maxZones zones followed at most
     */
    public ZoneForecastIssuer(IntensityForecaster forecaster, Duration horizon, Duration every, Duration keep,
                              Duration quiet, int maxZones) {
        if (maxZones < 1) {
            throw new IllegalArgumentException("maxZones must be >= 1, was " + maxZones);
        }
        this.maxZones = maxZones;
        this.forecaster = Objects.requireNonNull(forecaster, "forecaster");
        this.horizon = positive(horizon, "horizon");
        this.everyMillis = positive(every, "every").toMillis();
        this.keepMillis = positive(keep, "keep").toMillis();
        this.quietMillis = positive(quiet, "quiet").toMillis();
    }

    /**
     * Hourly forecasts 48 h ahead from 56 days of history for up to {@code maxZones} zones; zones with a provider
     * forecast in the last day skipped.
     */
    public static ZoneForecastIssuer hourly(IntensityForecaster forecaster, int maxZones) {
        return new ZoneForecastIssuer(forecaster, Duration.ofHours(48), Duration.ofHours(1), DEFAULT_KEEP,
                Duration.ofDays(1), maxZones);
    }

    /** Takes one record from the topic; returns the forecast records to publish for it (mostly none). */
    public List<GridIntensity> accept(GridIntensity r) {
        if (r.getSignal() != SignalType.AVERAGE || r.getValidTo() == null || r.getValidFrom() == null) {
            return List.of();
        }
        long from = r.getValidFrom().toEpochMilli();
        long to = r.getValidTo().toEpochMilli();
        if (to <= from) {
            return List.of();
        }
        String zoneId = r.getZone();
        if (r.getKind() == IntensityKind.FORECAST) {
            long issuedAt = r.getPublishedAt() != null ? r.getPublishedAt().toEpochMilli() : from;
            Zone z = zones.get(zoneId);
            if (forecaster.source().equals(r.getSource())) {
                if (z != null) {
                    z.lastIssuedMillis = Math.max(z.lastIssuedMillis, issuedAt);
                }
            } else if (providerSeen.containsKey(zoneId) || providerSeen.size() < maxZones) {
                providerSeen.merge(zoneId, issuedAt, Math::max);
            }
            return List.of();
        }
        if (r.getKind() != IntensityKind.MEASURED || !Double.isFinite(r.getGco2PerKwh()) || r.getGco2PerKwh() < 0) {
            return List.of();
        }
        Zone z = zones.get(zoneId);
        if (z == null && zones.size() >= maxZones) {
            zonesRefused++;
            return List.of();
        }
        z = zone(zoneId, Duration.ofMillis(to - from));
        if (z == null || z.step.toMillis() != to - from) {
            offGrid++;
            return List.of();
        }
        z.measured.put(from, r.getGco2PerKwh());
        long newest = z.measured.lastKey();
        z.measured.headMap(newest - keepMillis, false).clear();
        long issueAt = Math.floorDiv(to, everyMillis) * everyMillis;
        if (issueAt <= z.lastIssuedMillis || to < newest) {
            return List.of(); // not a new issue time, or a late record filling in the past
        }
        z.lastIssuedMillis = issueAt;
        Long provider = providerSeen.get(zoneId);
        if (provider != null && issueAt - provider <= quietMillis) {
            return List.of();
        }
        List<IntensityPoint> points = new ArrayList<>(z.measured.size());
        z.measured.forEach((t, v) -> points.add(new IntensityPoint(Instant.ofEpochMilli(t), v)));
        IntensityForecast f = forecaster.forecast(RegularSeries.of(points, z.step), Instant.ofEpochMilli(issueAt),
                horizon);
        if (f.isEmpty()) {
            return List.of();
        }
        issued++;
        return ForecastRecords.of(zoneId, SignalType.AVERAGE, f);
    }

    /** Measured records ignored because their interval's length is not their zone's (or does not divide a day). */
    public long offGrid() {
        return offGrid;
    }

    /** Measured records ignored because {@code maxZones} zones were followed already. */
    public long zonesRefused() {
        return zonesRefused;
    }

    /** Forecasts issued so far. */
    public long issued() {
        return issued;
    }

    /** Zones seen. */
    public int zones() {
        return zones.size();
    }

    /** The zone's state, created with {@code step} on first sight; null when {@code step} cannot be a grid step. */
    private Zone zone(String id, Duration step) {
        Zone z = zones.get(id);
        if (z == null) {
            if (Duration.ofDays(1).toMillis() % step.toMillis() != 0) {
                return null;
            }
            z = new Zone(step);
            zones.put(id, z);
        }
        return z;
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
