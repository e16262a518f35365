package org.carbonedge.feed.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;

/**
 * Turns records from one or more sources (in the order they were read) into clean per-zone series: sorts each zone
 * by start time (counting rows that arrived out of order), keeps the first of records with the same start and kind
 * family (measured/estimated vs forecast) and counts the rest as duplicates, finds holes in each zone's coverage
 * and applies the {@link GapPolicy} explicitly. Pure and deterministic; no I/O.
 *
 * <p>Per-record work lives in small methods rather than long loop bodies so that the JIT compiles it after a few
 * hundred records: a one-shot CLI run is mostly "cold", and a loop body is only compiled after tens of thousands of
 * iterations.
 */
public final class SeriesNormalizer {
    /** Orders records by start, then non-forecast before forecast for the same start. */
    static final Comparator<GridIntensity> BY_START = Comparator
            .comparingLong((GridIntensity r) -> r.getValidFrom().toEpochMilli())
            .thenComparingInt(r -> r.getKind() == IntensityKind.FORECAST ? 1 : 0);

    private final GapPolicy gapPolicy;

    public SeriesNormalizer(GapPolicy gapPolicy) {
        this.gapPolicy = Objects.requireNonNull(gapPolicy, "gapPolicy");
    }

    /**
     * Normalises {@code records}.
     *
     * @param records        records in arrival order (file order, then row order)
     * @param rejectedByZone rows the readers refused, per zone (zones with only rejections still get a summary)
     */
    public NormalizedFeed normalize(List<GridIntensity> records, Map<String, Long> rejectedByZone) {
        Grouping grouping = new Grouping();
        for (GridIntensity r : records) {
            grouping.accept(r);
        }
        Map<String, List<GridIntensity>> series = new HashMap<>();
        Map<String, ZoneQuality> quality = new HashMap<>();
        for (Map.Entry<String, Arrival> e : grouping.byZone.entrySet()) {
            String zone = e.getKey();
            Arrival arrival = e.getValue();
            List<GridIntensity> sorted = arrival.records;
            if (arrival.outOfOrder > 0 || arrival.forecastBeforeMeasured) {
                sorted = new ArrayList<>(sorted);
                sorted.sort(BY_START); // stable: the first-read of equal records stays first
            }
            ZoneBuilder builder = new ZoneBuilder(zone, sorted.size());
            for (GridIntensity r : sorted) {
                builder.accept(r);
            }
            series.put(zone, Collections.unmodifiableList(builder.kept));
            quality.put(zone, builder.quality(arrival.outOfOrder, rejectedByZone.getOrDefault(zone, 0L)));
        }
        for (Map.Entry<String, Long> e : rejectedByZone.entrySet()) {
            if (!quality.containsKey(e.getKey())) {
                quality.put(e.getKey(), new ZoneQuality(e.getKey(), 0, 0, 0, 0, e.getValue(), 0, 0, Double.NaN,
                        Double.NaN, Double.NaN, null, null, List.of()));
            }
        }
        return new NormalizedFeed(series, quality, gapPolicy);
    }

    /** Groups records by zone in arrival order, counting those that arrive earlier than one before them. */
    private static final class Grouping {
        final Map<String, Arrival> byZone = new LinkedHashMap<>();
        private String lastZone;
        private Arrival last;

        void accept(GridIntensity r) {
            String zone = r.getZone();
            if (last == null || (zone != lastZone && !zone.equals(lastZone))) {
                last = byZone.computeIfAbsent(zone, z -> new Arrival());
                lastZone = zone;
            }
            last.add(r);
        }
    }

    /** One zone's records in arrival order. */
    private static final class Arrival {
        final List<GridIntensity> records = new ArrayList<>();
        long maxStartMillis = Long.MIN_VALUE;
        long outOfOrder;
        /** A forecast arrived before a measured value with the same start: sorting puts the measured one first. */
        boolean forecastBeforeMeasured;
        private boolean lastWasForecast;

        void add(GridIntensity r) {
            records.add(r);
            long start = r.getValidFrom().toEpochMilli();
            boolean forecast = isForecast(r);
            if (start > maxStartMillis) {
                maxStartMillis = start;
            } else if (start < maxStartMillis) {
                outOfOrder++;
            } else if (lastWasForecast && !forecast) {
                forecastBeforeMeasured = true;
            }
            lastWasForecast = forecast;
        }
    }

    /** Walks one zone's sorted records: drops duplicates, finds gaps, fills them, keeps statistics. */
    private final class ZoneBuilder {
        final String zone;
        final List<GridIntensity> kept;
        final List<Gap> gaps = new ArrayList<>();
        long duplicates;
        long filled;
        long estimated;
        long forecast;
        long sourceRows;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        GridIntensity previous;
        GridIntensity lastNonForecast;
        long coveredToMillis = Long.MIN_VALUE;

        ZoneBuilder(String zone, int expected) {
            this.zone = zone;
            this.kept = new ArrayList<>(expected);
        }

        void accept(GridIntensity r) {
            long start = r.getValidFrom().toEpochMilli();
            if (previous != null && start == previous.getValidFrom().toEpochMilli()
                    && isForecast(previous) == isForecast(r)) {
                duplicates++;
                return;
            }
            if (previous != null && start > coveredToMillis) {
                gap(start, r.getValidFrom());
            }
            kept.add(r);
            sourceRows++;
            double v = r.getGco2PerKwh();
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            IntensityKind kind = r.getKind();
            if (kind == IntensityKind.ESTIMATED) {
                estimated++;
            } else if (kind == IntensityKind.FORECAST) {
                forecast++;
            }
            if (kind != IntensityKind.FORECAST) {
                lastNonForecast = r;
            }
            previous = r;
            coveredToMillis = Math.max(coveredToMillis, r.getValidTo().toEpochMilli());
        }

        private void gap(long resumeMillis, Instant resume) {
            GridIntensity basis = lastNonForecast != null ? lastNonForecast : previous;
            long stepMillis = Math.max(1, previous.getValidTo().toEpochMilli() - previous.getValidFrom().toEpochMilli());
            long holeMillis = resumeMillis - coveredToMillis;
            long missing = (holeMillis + stepMillis - 1) / stepMillis;
            gaps.add(new Gap(zone, Instant.ofEpochMilli(coveredToMillis), resume, missing));
            if (gapPolicy == GapPolicy.HOLD_LAST) {
                String source = "hold-last-fill:" + basis.getSource();
                for (long t = coveredToMillis; t < resumeMillis; t += stepMillis) {
                    long end = Math.min(t + stepMillis, resumeMillis);
                    kept.add(new GridIntensity(basis.getZone(), Instant.ofEpochMilli(t), Instant.ofEpochMilli(end),
                            basis.getGco2PerKwh(), basis.getSignal(), IntensityKind.ESTIMATED, source, null));
                    filled++;
                }
            }
        }

        ZoneQuality quality(long outOfOrder, long rejected) {
            boolean any = sourceRows > 0;
            return new ZoneQuality(zone, sourceRows, filled, duplicates, outOfOrder, rejected, estimated, forecast,
                    any ? sum / sourceRows : Double.NaN, any ? min : Double.NaN, any ? max : Double.NaN,
                    any ? kept.get(0).getValidFrom() : null, any ? Instant.ofEpochMilli(coveredToMillis) : null, gaps);
        }
    }

    private static boolean isForecast(GridIntensity r) {
        return r.getKind() == IntensityKind.FORECAST;
    }
}
