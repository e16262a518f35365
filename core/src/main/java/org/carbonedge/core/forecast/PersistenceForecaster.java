package org.carbonedge.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Baseline: every interval ahead equals the newest known value. Hard to beat one hour ahead and poor after a few,
 * it is the reference the evaluation reports next to {@link SeasonalForecaster}.
 */
public final class PersistenceForecaster implements IntensityForecaster {

    @Override
    public String source() {
        return "persistence";
    }

    @Override
    public IntensityForecast forecast(KnownHistory known, int steps) {
        IntensityForecast none = emptyWhenNothingKnown(known);
        if (none != null) {
            return none;
        }
        Instant first = known.validFrom(known.firstTarget());
        Duration step = Duration.ofMillis(known.stepMillis());
        int last = known.lastPresent();
        double[] values = new double[steps];
        Arrays.fill(values, known.at(last));
        return new IntensityForecast(source(), known.issuedAt(), first, step, values, "persistence");
    }
}
