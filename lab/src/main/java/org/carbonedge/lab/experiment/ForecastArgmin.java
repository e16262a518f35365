package org.carbonedge.lab.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.core.scheduling.DeferralConfig;
import org.carbonedge.core.scheduling.ZoneOutlook;

/**
 * The shift experiment's client-side baseline ({@value #POLICY}): a client that knows the forecasts published so far
 * submits each request, not deferrable, at the start of the slot where the newest forecast known <em>at arrival</em>
 * is lowest inside its window less a margin. It never looks again after arrival (the router does). Slots, margin and
 * the latest start are the router's ({@link DeferralConfig}: slot, {@code max(minMargin, marginShare × window)});
 * slot 0 is the arrival itself, priced with the measured value valid then, and wins ties (so does any earlier slot);
 * a slot no forecast covers is never chosen. Works in grid time on the records as read; plain Java.
 */
final class ForecastArgmin {

    /** The baseline's label. */
    static final String POLICY = "forecast-argmin";

    private final String zone;
    private final DeferralConfig config;
    private final List<GridIntensity> byIssue;
    private final List<GridIntensity> measured;

    /**
     * @param zone    the zone
     * @param records the zone's measured records and FORECAST records (each with its issue time in
     *                {@code publishedAt}, else issued at its start)
     * @param config  slots and margins, grid time
     */
    ForecastArgmin(String zone, List<GridIntensity> records, DeferralConfig config) {
        this.zone = zone;
        this.config = config;
        this.byIssue = records.stream().filter(r -> r.getKind() == IntensityKind.FORECAST)
                .sorted(Comparator.comparing(ForecastArgmin::issuedAt)).toList();
        this.measured = records.stream().filter(r -> r.getKind() != IntensityKind.FORECAST)
                .sorted(Comparator.comparing(GridIntensity::getValidFrom)).toList();
    }

    /** Release times, grid time, for {@code arrivals} (any order), in the same order. */
    List<Instant> releases(List<ShiftWorkload.Arrival> arrivals) {
        List<Integer> ordered = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i++) {
            ordered.add(i);
        }
        ordered.sort(Comparator.comparing(i -> arrivals.get(i).arrivalAt()));
        ZoneOutlook outlook = new ZoneOutlook();
        int nextForecast = 0;
        int nextMeasured = 0;
        Instant[] out = new Instant[arrivals.size()];
        for (int i : ordered) {
            ShiftWorkload.Arrival a = arrivals.get(i);
            Instant now = a.arrivalAt();
            while (nextForecast < byIssue.size() && !issuedAt(byIssue.get(nextForecast)).isAfter(now)) {
                GridIntensity f = byIssue.get(nextForecast++);
                outlook.forecast(zone, f.getValidFrom(), f.getValidTo(), f.getGco2PerKwh(), issuedAt(f));
            }
            while (nextMeasured < measured.size() && !measured.get(nextMeasured).getValidFrom().isAfter(now)) {
                GridIntensity m = measured.get(nextMeasured++);
                outlook.measured(zone, m.getValidFrom(), m.getGco2PerKwh());
            }
            out[i] = release(outlook, now, a.deadlineAt());
        }
        return List.of(out);
    }

    /** The release for one request arriving {@code now}, given what {@code outlook} knows then. */
    Instant release(ZoneOutlook outlook, Instant now, Instant deadline) {
        long window = Duration.between(now, deadline).toMillis();
        long margin = Math.max(config.minMargin().toMillis(), (long) (window * config.marginShare()));
        Instant latest = deadline.minusMillis(margin);
        Instant best = now;
        double bestGco2 = outlook.gco2PerKwh(zone, now, now);
        long slot = config.slot().toMillis();
        for (Instant t = now.plusMillis(slot); !t.isAfter(latest); t = t.plusMillis(slot)) {
            double v = outlook.gco2PerKwh(zone, now, t);
            if (v < bestGco2 || Double.isNaN(bestGco2) && !Double.isNaN(v)) {
                best = t;
                bestGco2 = v;
            }
        }
        return best;
    }

    private static Instant issuedAt(GridIntensity r) {
        return r.getPublishedAt() != null ? r.getPublishedAt() : r.getValidFrom();
    }
}
