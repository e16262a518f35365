package org.carbonedge.core.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * Forecasts a zone's intensity from what was known at the issue time. Implementations get a {@link KnownHistory},
 * never the full series, so "no peeking" holds by construction; {@code ForecastNoPeekingTest} checks it for each.
 */
public interface IntensityForecaster {

    /** The {@code source} of the forecasts, e.g. {@code carbonedge-seasonal}. */
    String source();

    /**
     * Forecasts {@code steps} intervals starting with the one running at {@link KnownHistory#issuedAt()}.
     *
     * @return a forecast of {@code steps} values, or an empty one saying why there is nothing to go on
     */
    IntensityForecast forecast(KnownHistory known, int steps);

    /** Forecasts {@code horizon} (rounded up to whole steps) from what {@code series} knew at {@code issuedAt}. */
    default IntensityForecast forecast(RegularSeries series, Instant issuedAt, Duration horizon) {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("horizon must be positive, was " + horizon);
        }
        long steps = (horizon.toMillis() + series.stepMillis() - 1) / series.stepMillis();
        return forecast(series.knownAt(issuedAt), (int) Math.min(steps, 100_000));
    }
}
