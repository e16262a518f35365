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

    /**
     * Forecasts from what {@code series} knew at {@code issuedAt} up to {@code issuedAt + horizon}: the interval
     * running at the issue time and every later one that starts before the horizon ends.
     */
    default IntensityForecast forecast(RegularSeries series, Instant issuedAt, Duration horizon) {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("horizon must be positive, was " + horizon);
        }
        KnownHistory known = series.knownAt(issuedAt);
        long end = issuedAt.toEpochMilli() + horizon.toMillis();
        long firstStart = known.validFrom(known.firstTarget()).toEpochMilli();
        long steps = (end - firstStart + series.stepMillis() - 1) / series.stepMillis();
        return forecast(known, (int) Math.min(steps, 100_000));
    }

    /** The empty forecast of {@code known} when it holds no observation before its issue time, else null. */
    default IntensityForecast emptyWhenNothingKnown(KnownHistory known) {
        if (known.lastPresent() >= 0) {
            return null;
        }
        return IntensityForecast.empty(source(), known.issuedAt(), known.validFrom(known.firstTarget()),
                Duration.ofMillis(known.stepMillis()), "no observation before " + known.issuedAt());
    }
}
