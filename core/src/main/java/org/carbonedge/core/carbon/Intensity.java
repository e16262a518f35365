package org.carbonedge.core.carbon;

import java.io.Serializable;
import java.util.Objects;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;

/**
 * One carbon-intensity value as accounting applies it: how many grams per kWh, whether it was measured, forecast or
 * estimated, which signal (average or marginal) it is, and where it came from, so every emission figure can say
 * what it rests on.
 *
 * @param gco2PerKwh grams CO2e per kWh, finite and &ge; 0
 * @param kind       MEASURED, FORECAST or ESTIMATED
 * @param signal     AVERAGE (location-based) or MARGINAL
 * @param source     where the value came from, e.g. {@code electricitymaps-csv:DE_2023_hourly.csv}
 */
public record Intensity(double gco2PerKwh, IntensityKind kind, SignalType signal, String source) implements Serializable {

    private static final long serialVersionUID = 1L;

    public Intensity {
        if (!Double.isFinite(gco2PerKwh) || gco2PerKwh < 0) {
            throw new IllegalArgumentException("gco2PerKwh must be finite and >= 0, was " + gco2PerKwh);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(source, "source");
    }

    /** The value a grid-intensity record carries. */
    public static Intensity of(GridIntensity record) {
        return new Intensity(record.getGco2PerKwh(), record.getKind(), record.getSignal(), record.getSource());
    }

    /** The same value, downgraded to ESTIMATED, with the reason prefixed to its source. */
    public Intensity estimated(String why) {
        return new Intensity(gco2PerKwh, IntensityKind.ESTIMATED, signal, why + ":" + source);
    }

    /** Rank of a kind by trust: 0 for MEASURED, 1 for FORECAST, 2 for ESTIMATED. */
    public static int weakness(IntensityKind kind) {
        return switch (kind) {
            case MEASURED -> 0;
            case FORECAST -> 1;
            case ESTIMATED -> 2;
        };
    }

    /** The less trustworthy of two kinds (ESTIMATED &gt; FORECAST &gt; MEASURED). */
    public static IntensityKind weaker(IntensityKind a, IntensityKind b) {
        return weakness(a) >= weakness(b) ? a : b;
    }
}
