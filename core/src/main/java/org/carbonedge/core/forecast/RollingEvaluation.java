package org.carbonedge.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rolling-origin evaluation: issue a forecast at every {@code issueEvery} after a warm-up, exactly as a live service
 * would (each from {@link RegularSeries#knownAt} its issue time), and score every forecast value against the actual
 * that was later measured, overall and by {@link HorizonBucket}. When the file also carries the provider's own
 * forecast (NESO's CSV does), the provider is scored on the same target intervals, each once.
 */
public final class RollingEvaluation {

    /**
     * @param horizon    how far ahead each forecast reaches (48 h: the 24 h figures are its first day)
     * @param warmUp     history before the first issue time
     * @param issueEvery time between issue times
     */
    public record Options(Duration horizon, Duration warmUp, Duration issueEvery) {
        public Options {
            if (horizon.isNegative() || horizon.isZero() || issueEvery.isNegative() || issueEvery.isZero()
                    || warmUp.isNegative()) {
                throw new IllegalArgumentException("horizon and issueEvery must be positive, warmUp >= 0");
            }
        }

        /** 48 h ahead, every hour, after 7 days. */
        public static Options defaults() {
            return new Options(Duration.ofHours(48), Duration.ofDays(7), Duration.ofHours(1));
        }
    }

    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final IntensityForecaster forecaster;
    private final Options options;

    public RollingEvaluation(IntensityForecaster forecaster, Options options) {
        this.forecaster = Objects.requireNonNull(forecaster, "forecaster");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Scores the forecaster on {@code actuals}.
     *
     * @param provider the provider's own forecast for the same zone (any grid), or null
     */
    public ForecastEvaluation evaluate(RegularSeries actuals, RegularSeries provider) {
        long started = System.nanoTime();
        Map<HorizonBucket, ErrorStats> buckets = new EnumMap<>(HorizonBucket.class);
        for (HorizonBucket b : HorizonBucket.values()) {
            buckets.put(b, new ErrorStats());
        }
        ErrorStats day = new ErrorStats();
        ErrorStats all = new ErrorStats();
        boolean[] scored = new boolean[actuals.size()];
        long issues = 0;
        long empty = 0;
        if (actuals.size() > 0) {
            Instant end = actuals.validFrom(actuals.size());
            for (Instant at = actuals.origin().plus(options.warmUp()); at.isBefore(end); at = at.plus(options.issueEvery())) {
                IntensityForecast f = forecaster.forecast(actuals, at, options.horizon());
                issues++;
                if (f.isEmpty()) {
                    empty++;
                    continue;
                }
                long first = actuals.indexOf(f.firstValidFrom());
                long firstLeadMillis = f.firstValidFrom().toEpochMilli() - at.toEpochMilli() + actuals.stepMillis();
                for (int i = 0; i < f.size(); i++) {
                    long t = first + i;
                    if (t < 0 || t >= actuals.size()) {
                        continue;
                    }
                    double actual = actuals.gco2PerKwh((int) t);
                    double value = f.gco2PerKwh(i);
                    long leadMillis = firstLeadMillis + i * actuals.stepMillis(); // f.lead(i), without allocating
                    all.add(value, actual);
                    if (leadMillis <= DAY_MILLIS) {
                        day.add(value, actual);
                    }
                    HorizonBucket b = HorizonBucket.ofMillis(leadMillis);
                    if (b != null) {
                        buckets.get(b).add(value, actual);
                    }
                    scored[(int) t] = true;
                }
            }
        }
        ErrorStats providerStats = provider == null ? null : scoreProvider(actuals, provider, scored);
        return new ForecastEvaluation(forecaster.source(), issues, empty, buckets, day, all, providerStats,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static ErrorStats scoreProvider(RegularSeries actuals, RegularSeries provider, boolean[] scored) {
        ErrorStats stats = new ErrorStats();
        for (int t = 0; t < scored.length; t++) {
            if (!scored[t]) {
                continue;
            }
            long p = provider.indexOf(actuals.validFrom(t));
            if (p < 0 || p >= provider.size() || !provider.validFrom(p).equals(actuals.validFrom(t))) {
                continue;
            }
            double forecast = provider.gco2PerKwh((int) p);
            if (!Double.isNaN(forecast)) {
                stats.add(forecast, actuals.gco2PerKwh(t));
            }
        }
        return stats;
    }
}
