package org.carbonedge.feed.forecast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.forecast.IntensityPoint;
import org.carbonedge.core.forecast.RegularSeries;

/**
 * A zone's loaded records split for forecasting: the observed history (what the source measured or estimated
 * itself, e.g. Electricity Maps' estimated hours; never FORECAST records) and, when the source carries one, its own
 * forecast (NESO's {@code forecast} column), both on the grid of the records' own length (half-hourly for NESO). Records of a second signal (a WattTime
 * MARGINAL series next to an AVERAGE one) are left out and counted: one series has one meaning.
 *
 * @param zone           the zone
 * @param signal         the signal of the series (that of the zone's first record)
 * @param history        observed values
 * @param provider       the source's own forecast, or null when it has none
 * @param otherSignal    records left out for having another signal
 */
public record ZoneSeries(String zone, SignalType signal, RegularSeries history, RegularSeries provider,
                         int otherSignal) {

    public ZoneSeries {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(history, "history");
    }

    /**
     * Splits one zone's records (as {@code LoadedFeed.series()} gives them). Load with gap policy {@code leave}:
     * held-last fills are ESTIMATED too, and a forecast must not be scored against values nobody measured.
     *
     * @throws IllegalArgumentException for no records, or records of more than one zone
     */
    public static ZoneSeries of(List<GridIntensity> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records");
        }
        String zone = records.get(0).getZone();
        SignalType signal = records.get(0).getSignal();
        List<IntensityPoint> observed = new ArrayList<>(records.size());
        List<IntensityPoint> forecast = new ArrayList<>();
        int other = 0;
        for (GridIntensity r : records) {
            if (!zone.equals(r.getZone())) {
                throw new IllegalArgumentException("records of zones " + zone + " and " + r.getZone());
            }
            if (r.getSignal() != signal) {
                other++;
                continue;
            }
            IntensityPoint p = new IntensityPoint(r.getValidFrom(), r.getGco2PerKwh());
            (r.getKind() == IntensityKind.FORECAST ? forecast : observed).add(p);
        }
        Duration step = commonLength(records, signal);
        RegularSeries history = RegularSeries.of(observed, step);
        RegularSeries provider = forecast.isEmpty() ? null : RegularSeries.of(forecast, step);
        return new ZoneSeries(zone, signal, history, provider, other);
    }

    /** The most common record length (validTo - validFrom): the records say what their grid is. */
    private static Duration commonLength(List<GridIntensity> records, SignalType signal) {
        Map<Long, Integer> counts = new HashMap<>();
        for (GridIntensity r : records) {
            if (r.getSignal() == signal) {
                counts.merge(r.getValidTo().toEpochMilli() - r.getValidFrom().toEpochMilli(), 1, Integer::sum);
            }
        }
        long best = counts.entrySet().stream()
                .max(Map.Entry.<Long, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(
                        java.util.Comparator.reverseOrder())))
                .orElseThrow().getKey();
        return Duration.ofMillis(best);
    }
}
