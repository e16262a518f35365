package org.carbonedge.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Rolling-origin scoring: which points count, in which bucket, and how the provider is compared. */
class RollingEvaluationTest {
    private static final RollingEvaluation.Options HOURLY_48H = RollingEvaluation.Options.defaults();

    @Test
    void everyHourAfterTheWarmUpIsAnIssueTimeAndEveryValueWithAnActualIsScored() {
        int n = 24 * 10;
        RegularSeries series = Series.hourly(n, Series::daily);

        ForecastEvaluation e = new RollingEvaluation(new PersistenceForecaster(), HOURLY_48H).evaluate(series, null);

        assertThat(e.issues()).isEqualTo(n - 24 * 7);
        assertThat(e.emptyForecasts()).isZero();
        assertThat(e.bucket(HorizonBucket.UP_TO_1H).points()).isEqualTo(n - 24 * 7);
        long scored = 0;
        for (int issue = 24 * 7; issue < n; issue++) {
            scored += Math.min(48, n - issue);
        }
        assertThat(e.all().points()).isEqualTo(scored);
        assertThat(e.upTo24h().points()).isEqualTo(e.bucket(HorizonBucket.UP_TO_1H).points()
                + e.bucket(HorizonBucket.H1_TO_6).points() + e.bucket(HorizonBucket.H6_TO_24).points());
    }

    @Test
    void aPerfectForecastScoresZeroAndThePersistenceBaselineDoesNot() {
        RegularSeries series = Series.hourly(24 * 20, Series::daily);

        ForecastEvaluation seasonal = new RollingEvaluation(new SeasonalForecaster(), HOURLY_48H).evaluate(series, null);
        ForecastEvaluation persistence = new RollingEvaluation(new PersistenceForecaster(), HOURLY_48H).evaluate(series, null);

        assertThat(seasonal.all().mapePct()).isCloseTo(0, within(1e-9));
        assertThat(seasonal.all().wapePct()).isCloseTo(0, within(1e-9));
        assertThat(persistence.all().mapePct()).isGreaterThan(10);
    }

    @Test
    void theProviderIsScoredOnceOnEachTargetIntervalWeScored() {
        RegularSeries actual = Series.hourly(24 * 10, Series::daily);
        RegularSeries provider = Series.hourly(24 * 10, i -> Series.daily(i) * 1.1);

        ForecastEvaluation e = new RollingEvaluation(new PersistenceForecaster(), HOURLY_48H).evaluate(actual, provider);

        assertThat(e.provider().points()).isEqualTo(24 * 3); // the targets after the 7-day warm-up
        assertThat(e.provider().mapePct()).isCloseTo(10, within(1e-9));
    }

    @Test
    void zeroActualsAreSkippedAndCountedAndWapeStaysDefined() {
        // Hydro-like zone: every other hour is exactly 0 g/kWh.
        RegularSeries series = Series.hourly(24 * 9, i -> i % 2 == 0 ? 0 : 2);
        ErrorStats all = new RollingEvaluation(new PersistenceForecaster(), HOURLY_48H).evaluate(series, null).all();

        assertThat(all.zeroActuals()).isPositive();
        assertThat(all.points()).isPositive();
        assertThat(all.mapePct()).isFinite();
        assertThat(all.wapePct()).isFinite();

        ErrorStats s = new ErrorStats();
        s.add(5, 0);
        s.add(12, 10);
        s.add(Double.NaN, Double.NaN);
        assertThat(s.points()).isEqualTo(1);
        assertThat(s.zeroActuals()).isEqualTo(1);
        assertThat(s.mapePct()).isCloseTo(20, within(1e-12));
        assertThat(new ErrorStats().mapePct()).isNaN();
    }

    @Test
    void halfHourlyDataPutsTwoValuesInTheOneHourBucket() {
        Duration step = Duration.ofMinutes(30);
        RegularSeries series = RegularSeries.of(Series.points(48 * 9, step, i -> Series.daily(i / 2)), step);

        ForecastEvaluation e = new RollingEvaluation(new PersistenceForecaster(), HOURLY_48H).evaluate(series, null);

        assertThat(e.issues()).isEqualTo(24 * 2);
        assertThat(e.bucket(HorizonBucket.UP_TO_1H).points()).isEqualTo(2 * 24 * 2);
    }

    @Test
    void anEmptySeriesHasNoIssueTimes() {
        ForecastEvaluation e = new RollingEvaluation(new SeasonalForecaster(), HOURLY_48H)
                .evaluate(RegularSeries.of(java.util.List.of(), Series.HOUR), null);
        assertThat(e.issues()).isZero();
        assertThat(e.all().mapePct()).isNaN();
    }
}
