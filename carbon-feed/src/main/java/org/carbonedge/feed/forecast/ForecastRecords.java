package org.carbonedge.feed.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.forecast.IntensityForecast;

/**
 * Turns a forecast into {@code GridIntensity} records anyone on {@code carbonedge.grid-intensity} can use: kind
 * FORECAST, {@code source} naming the forecaster (e.g. {@code carbonedge-seasonal}), {@code publishedAt} the issue
 * time, one record per forecast interval. Consumers already prefer MEASURED over FORECAST for the same interval and,
 * among forecasts, the latest published ({@code IntensityHistory}), so the built-in forecasts sit next to a
 * provider's own (NESO's) without replacing measurements.
 */
public final class ForecastRecords {
    private ForecastRecords() {
    }

    /** One FORECAST record per interval of {@code forecast} for {@code zone}; none for an empty forecast. */
    public static List<GridIntensity> of(String zone, SignalType signal, IntensityForecast forecast) {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(signal, "signal");
        List<GridIntensity> out = new ArrayList<>(forecast.size());
        for (int i = 0; i < forecast.size(); i++) {
            Instant from = forecast.validFrom(i);
            out.add(GridIntensity.newBuilder()
                    .setZone(zone)
                    .setValidFrom(from)
                    .setValidTo(from.plus(forecast.step()))
                    .setGco2PerKwh(forecast.gco2PerKwh(i))
                    .setSignal(signal)
                    .setKind(IntensityKind.FORECAST)
                    .setSource(forecast.source())
                    .setPublishedAt(forecast.issuedAt())
                    .build());
        }
        return out;
    }
}
