package org.carbonedge.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The built-in forecaster on series whose right answer is known, and on the awkward inputs feeds deliver. */
class SeasonalForecasterTest {
    private final SeasonalForecaster forecaster = new SeasonalForecaster();

    @Test
    void aSeriesThatRepeatsEveryDayIsForecastExactlyAtEveryHorizon() {
        RegularSeries series = Series.hourly(24 * 40, Series::daily);
        for (int issue : new int[] {24 * 3, 24 * 20 + 7, 24 * 40}) {
            IntensityForecast f = forecaster.forecast(series, Series.hour(issue), Duration.ofHours(48));

            assertThat(f.size()).isEqualTo(48);
            assertThat(f.basis()).isEqualTo("seasonal+anomaly");
            assertThat(f.firstValidFrom()).isEqualTo(Series.hour(issue));
            for (int i = 0; i < 48; i++) {
                assertThat(f.gco2PerKwh(i)).as("issue %d, +%d h", issue, i).isCloseTo(Series.daily(issue + i), within(1e-9));
            }
        }
    }

    @Test
    void aWeeklyPatternIsLearnedFromTheWeeklyProfile() {
        // Weekends (days 5 and 6 from a Monday) run 60 g/kWh lower: the daily profile alone misses every Saturday.
        RegularSeries series = Series.hourly(24 * 70, i -> Series.daily(i) - ((i / 24) % 7 >= 5 ? 60 : 0));
        RollingEvaluation.Options opts = new RollingEvaluation.Options(Duration.ofHours(24), Duration.ofDays(42),
                Duration.ofHours(1));

        ForecastEvaluation seasonal = new RollingEvaluation(forecaster, opts).evaluate(series, null);
        ForecastEvaluation naive = new RollingEvaluation(new SeasonalNaiveForecaster(), opts).evaluate(series, null);

        assertThat(seasonal.upTo24h().mapePct()).isLessThan(2.0);
        assertThat(naive.upTo24h().mapePct()).isGreaterThan(3.0);
    }

    @Test
    void theCurrentAnomalyDominatesShortHorizonsAndFadesWithTheHorizon() {
        // Daily cycle plus weather: an AR(1) anomaly that keeps 95% of itself each hour.
        SplittableRandom r = new SplittableRandom(7);
        int n = 24 * 120;
        double[] anomaly = new double[n];
        for (int i = 1; i < n; i++) {
            anomaly[i] = 0.95 * anomaly[i - 1] + r.nextDouble(-12, 12);
        }
        RegularSeries series = Series.hourly(n, i -> Math.max(5, Series.daily(i) + anomaly[i]));

        ForecastEvaluation e = new RollingEvaluation(forecaster, RollingEvaluation.Options.defaults()).evaluate(series, null);
        ForecastEvaluation persistence = new RollingEvaluation(new PersistenceForecaster(),
                RollingEvaluation.Options.defaults()).evaluate(series, null);
        ForecastEvaluation naive = new RollingEvaluation(new SeasonalNaiveForecaster(),
                RollingEvaluation.Options.defaults()).evaluate(series, null);

        double h1 = e.bucket(HorizonBucket.UP_TO_1H).mapePct();
        double h6 = e.bucket(HorizonBucket.H1_TO_6).mapePct();
        double h24 = e.bucket(HorizonBucket.H6_TO_24).mapePct();
        double h48 = e.bucket(HorizonBucket.H24_TO_48).mapePct();
        assertThat(h1).isLessThan(h6);
        assertThat(h6).isLessThan(h24);
        assertThat(h24).isLessThanOrEqualTo(h48 + 0.5);
        // One hour ahead it is as good as persistence (which is optimal there, up to the cycle's own change) ...
        assertThat(h1).isLessThan(persistence.bucket(HorizonBucket.UP_TO_1H).mapePct() * 0.8);
        // ... and a day ahead better than both persistence and yesterday's values.
        assertThat(h24).isLessThan(persistence.bucket(HorizonBucket.H6_TO_24).mapePct());
        assertThat(h24).isLessThan(naive.bucket(HorizonBucket.H6_TO_24).mapePct());
    }

    @Test
    void aLevelShiftIsCarriedIntoTheNextHours() {
        // 30 days of the daily cycle, then the last 6 hours sit 50 g/kWh above it.
        int n = 24 * 30;
        RegularSeries series = Series.hourly(n, i -> Series.daily(i) + (i >= n - 6 ? 50 : 0));

        IntensityForecast f = forecaster.forecast(series, Series.hour(n), Duration.ofHours(48));

        assertThat(f.gco2PerKwh(0) - Series.daily(n)).isBetween(30.0, 55.0);
        assertThat(f.gco2PerKwh(47) - Series.daily(n + 47)).isBetween(-5.0, f.gco2PerKwh(0) - Series.daily(n));
    }

    @Test
    void lessThanTwoDaysOfHistoryPersistsTheLastValue() {
        RegularSeries series = Series.hourly(30, i -> 100 + i);

        IntensityForecast f = forecaster.forecast(series, Series.hour(30), Duration.ofHours(6));

        assertThat(f.gco2PerKwh()).containsOnly(129.0);
        assertThat(f.basis()).startsWith("persistence");
    }

    @Test
    void noHistoryOrOnlyStaleHistoryGivesAnEmptyForecastSayingWhy() {
        RegularSeries empty = RegularSeries.of(List.of(), Series.HOUR);
        IntensityForecast none = forecaster.forecast(empty, Series.START, Duration.ofHours(24));
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.basis()).startsWith("no observation before");

        RegularSeries allBad = Series.hourly(24 * 5, i -> i % 2 == 0 ? Double.NaN : -1);
        assertThat(allBad.invalidValues()).isEqualTo(24 * 5);
        assertThat(forecaster.forecast(allBad, Series.hour(24 * 5), Duration.ofHours(24)).isEmpty()).isTrue();

        RegularSeries old = Series.hourly(24 * 10, Series::daily);
        IntensityForecast stale = forecaster.forecast(old, Series.hour(24 * 18), Duration.ofHours(24));
        assertThat(stale.isEmpty()).isTrue();
        assertThat(stale.basis()).contains("more than PT168H before");

        IntensityForecast late = forecaster.forecast(old, Series.hour(24 * 12), Duration.ofHours(24));
        assertThat(late.size()).isEqualTo(24);
        assertThat(late.firstValidFrom()).isEqualTo(Series.hour(24 * 12));
        for (int i = 0; i < 24; i++) {
            assertThat(late.gco2PerKwh(i)).isCloseTo(Series.daily(i), within(1e-9));
        }
    }

    @Test
    void holesNaNsAndNegativeValuesAreMissingAndTheForecastStaysFiniteAndNonNegative() {
        SplittableRandom r = new SplittableRandom(11);
        List<IntensityPoint> points = new ArrayList<>();
        for (int i = 0; i < 24 * 45; i++) {
            int roll = r.nextInt(10);
            if (roll < 3 || (i > 24 * 20 && i < 24 * 24)) {
                continue; // 30% random holes and a four-day outage
            }
            double v = roll == 3 ? Double.NaN : roll == 4 ? -5 : Math.max(0, Series.daily(i) - 150 + r.nextDouble(-30, 30));
            points.add(new IntensityPoint(Series.hour(i), v));
        }
        RegularSeries series = RegularSeries.of(points, Series.HOUR);

        for (int issue = 24 * 2; issue <= 24 * 45; issue += 5) {
            IntensityForecast f = forecaster.forecast(series, Series.hour(issue), Duration.ofHours(48));
            assertThat(f.size()).as("issue %d", issue).isEqualTo(48);
            for (double v : f.gco2PerKwh()) {
                assertThat(v).isFinite().isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void anIssueTimeBetweenGridPointsForecastsFromTheIntervalRunningThen() {
        RegularSeries series = Series.hourly(24 * 10, Series::daily);
        Instant issuedAt = Series.hour(24 * 10 - 5).plusSeconds(20 * 60);

        IntensityForecast f = forecaster.forecast(series, issuedAt, Duration.ofMinutes(90));

        assertThat(f.size()).isEqualTo(2);
        assertThat(f.firstValidFrom()).isEqualTo(Series.hour(24 * 10 - 5));
        assertThat(f.lead(0)).isEqualTo(Duration.ofMinutes(40));
        assertThat(f.gco2PerKwh(0)).isCloseTo(Series.daily(24 * 10 - 5), within(1e-9));
    }

    @Test
    void halfHourlyDataUsesADayOf48Steps() {
        Duration step = Duration.ofMinutes(30);
        RegularSeries series = RegularSeries.of(Series.points(48 * 20, step, i -> Series.daily(i / 2)), step);

        IntensityForecast f = forecaster.forecast(series, Series.hour(24 * 20), Duration.ofHours(24));

        assertThat(series.stepsPerDay()).isEqualTo(48);
        assertThat(f.size()).isEqualTo(48);
        assertThat(f.gco2PerKwh(3)).isCloseTo(Series.daily(1), within(1e-9));
    }

    @Test
    void badArgumentsAreRefused() {
        RegularSeries series = Series.hourly(48, Series::daily);
        assertThatThrownBy(() -> forecaster.forecast(series, Series.hour(48), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegularSeries.of(List.of(), Duration.ofMinutes(7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divides one day");
        assertThatThrownBy(() -> new SeasonalForecaster.Settings(14, 0, 3, 28, Duration.ofDays(7), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knotsCoverTheLeadsAndBothSidesOfEachDayBoundary() {
        assertThat(SeasonalForecaster.knots(1, 48, 24)).startsWith(1, 2, 3, 4, 6).contains(24, 25, 48);
        assertThat(SeasonalForecaster.knots(30, 40, 24)).startsWith(30).endsWith(40);
        assertThat(SeasonalForecaster.knots(1, 1, 24)).containsExactly(1);
    }
}
