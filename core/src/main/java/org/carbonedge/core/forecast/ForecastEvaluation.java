package org.carbonedge.core.forecast;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of a {@link RollingEvaluation}.
 *
 * @param source         the forecaster evaluated
 * @param issues         issue times tried
 * @param emptyForecasts issue times with nothing to forecast from (no history, or too stale)
 * @param byBucket       errors by lead
 * @param upTo24h        errors of every value with a lead up to 24 h
 * @param all            errors of every value (up to the horizon)
 * @param provider       the provider's own forecast on the same target intervals (each once), or null
 * @param elapsed        wall time of the evaluation
 */
public record ForecastEvaluation(String source, long issues, long emptyForecasts, Map<HorizonBucket, ErrorStats> byBucket,
                                 ErrorStats upTo24h, ErrorStats all, ErrorStats provider, Duration elapsed) {

    public ForecastEvaluation {
        byBucket = Map.copyOf(byBucket);
    }

    public ErrorStats bucket(HorizonBucket b) {
        return byBucket.get(b);
    }
}
