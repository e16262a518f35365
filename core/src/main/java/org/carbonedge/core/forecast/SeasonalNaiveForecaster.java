package org.carbonedge.core.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * Baseline: each interval equals the same time of day on the newest day already known (yesterday for the next 24
 * hours, the day before for the 24 after), or the newest known value where that is missing. The reference for
 * how much the daily cycle alone explains.
 */
public final class SeasonalNaiveForecaster implements IntensityForecaster {

    @Override
    public String source() {
        return "seasonal-naive";
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
        int d = known.stepsPerDay();
        long k = known.knownCount() - 1L;
        double[] values = new double[steps];
        for (int s = 0; s < steps; s++) {
            long t = known.firstTarget() + s;
            long days = (t - k + d - 1) / d;
            double v = known.orNaN(t - days * d);
            values[s] = Double.isNaN(v) ? known.at(last) : v;
        }
        return new IntensityForecast(source(), known.issuedAt(), first, step, values, "same time on the newest known day");
    }
}
