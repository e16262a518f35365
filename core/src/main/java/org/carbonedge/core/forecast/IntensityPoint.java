package org.carbonedge.core.forecast;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of a zone's intensity series: the interval starting at {@code validFrom} (UTC) had, or is forecast to
 * have, {@code gco2PerKwh}. The interval's length is the series' step, so it is not repeated on every point.
 * The value is not checked here: a feed can carry NaN or negative values, and {@link RegularSeries} decides what
 * they mean (missing).
 *
 * @param validFrom  start of the interval, UTC
 * @param gco2PerKwh grams CO2e per kWh
 */
public record IntensityPoint(Instant validFrom, double gco2PerKwh) {

    public IntensityPoint {
        Objects.requireNonNull(validFrom, "validFrom");
    }
}
