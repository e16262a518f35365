package org.carbonedge.feed.sdkapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.carbonedge.avro.IntensityKind;
import org.carbonedge.feed.sdkapi.SdkQueries.Emissions;
import org.carbonedge.feed.sdkapi.SdkQueries.Forecast;
import org.junit.jupiter.api.Test;

class SdkApiQueriesTest {

    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant ISSUED = Instant.parse("2024-02-29T23:30:00Z");
    static final Clock NOW = Clock.fixed(T0.plus(Duration.ofMinutes(90)), ZoneOffset.UTC);

    /** DE: 4 measured hours 300, 200, 100, 250 from T0; FR: 50 at 01:00 (estimated); DE forecast: 8 x 30 min. */
    static IntensityStore filled() {
        IntensityStore store = new IntensityStore(10, 100, 2);
        double[] de = {300, 200, 100, 250};
        for (int i = 0; i < de.length; i++) {
            store.add("DE", hour(i), hour(i + 1), de[i], IntensityKind.MEASURED, null);
        }
        store.add("FR", hour(1), hour(2), 50, IntensityKind.ESTIMATED, null);
        double[] forecast = {400, 300, 200, 100, 100, 200, 300, 400};
        for (int i = 0; i < forecast.length; i++) {
            store.add("DE", half(i), half(i + 1), forecast[i], IntensityKind.FORECAST, ISSUED);
        }
        return store;
    }

    static Instant hour(int h) {
        return T0.plus(Duration.ofHours(h));
    }

    static Instant half(int n) {
        return T0.plus(Duration.ofMinutes(30L * n));
    }

    final SdkQueries queries = new SdkQueries(filled(), NOW);

    @Test
    void byLocationWithoutTimeIsThePointAtNow() {
        List<Emissions> now = queries.emissions(List.of("DE"), null, null);
        assertThat(now).containsExactly(new Emissions("DE", hour(1), 200, Duration.ofHours(1)));
    }

    @Test
    void byLocationOverAWindowGivesEveryOverlappingPoint() {
        List<Emissions> all = queries.emissions(List.of("DE", "FR"), hour(0).plusSeconds(60), hour(2));
        assertThat(all).extracting(Emissions::location, Emissions::rating)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DE", 300.0),
                        org.assertj.core.groups.Tuple.tuple("DE", 200.0),
                        org.assertj.core.groups.Tuple.tuple("FR", 50.0));
    }

    @Test
    void bestIsTheLowestAmongLocationsWithTies() {
        assertThat(queries.best(List.of("DE", "FR"), hour(0), hour(4)))
                .containsExactly(new Emissions("FR", hour(1), 50, Duration.ofHours(1)));
        assertThat(queries.best(List.of("DE"), hour(0), hour(4))).extracting(Emissions::rating).containsExactly(100.0);
        assertThat(queries.best(List.of("DE"), hour(10), hour(11))).isEmpty();
    }

    @Test
    void unknownLocationIsTheSdksArgumentError() {
        assertThatThrownBy(() -> queries.emissions(List.of("DE", "XX"), null, null))
                .isInstanceOfSatisfying(SdkProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.title()).isEqualTo("ArgumentException");
                    assertThat(p.detail()).isEqualTo("Unknown Location: 'XX' not found");
                });
        String hostile = "\u0000\n" + "A".repeat(10_000);
        assertThatThrownBy(() -> queries.currentForecasts(List.of(hostile), null, null, 60))
                .isInstanceOfSatisfying(SdkProblem.class, p -> {
                    assertThat(p.detail()).hasSizeLessThan(200).doesNotContain("\n").doesNotContain("\u0000");
                });
    }

    @Test
    void badTimeRangesAreRefusedPerParameter() {
        assertThatThrownBy(() -> queries.emissions(List.of("DE"), hour(2), hour(1)))
                .isInstanceOfSatisfying(SdkProblem.class, p -> {
                    assertThat(p.detail()).isEqualTo("Invalid parameters");
                    assertThat(p.errors()).containsEntry("time", List.of("time must be before toTime"));
                });
        assertThatThrownBy(() -> queries.emissions(List.of("DE"), null, hour(1)))
                .isInstanceOfSatisfying(SdkProblem.class,
                        p -> assertThat(p.errors()).containsKey("time"));
        assertThatThrownBy(() -> queries.emissions(List.of(), null, null))
                .isInstanceOfSatisfying(SdkProblem.class,
                        p -> assertThat(p.errors()).containsEntry("location", List.of("location is not set")));
        assertThatThrownBy(() -> queries.average("DE", null, null))
                .isInstanceOfSatisfying(SdkProblem.class,
                        p -> assertThat(p.errors()).containsOnlyKeys("startTime", "endTime"));
        assertThatThrownBy(() -> queries.average("DE", hour(1), hour(1)))
                .isInstanceOfSatisfying(SdkProblem.class,
                        p -> assertThat(p.errors()).containsEntry("startTime", List.of("startTime must be before endTime")));
    }

    @Test
    void averageIsTimeWeighted() {
        // 30 min of 300 and 60 min of 200 over 90 min
        SdkQueries.Average a = queries.average("DE", hour(0).plus(Duration.ofMinutes(30)), hour(2));
        assertThat(a.carbonIntensity()).isEqualTo((300 * 30 + 200 * 60) / 90.0);
        assertThat(a.location()).isEqualTo("DE");
    }

    @Test
    void averageOutsideTheDataOrOverAGapIsRefused() {
        assertThatThrownBy(() -> queries.average("DE", hour(3), hour(5)))
                .isInstanceOfSatisfying(SdkProblem.class, p -> assertThat(p.detail()).startsWith("Period out of range"));
        IntensityStore gappy = new IntensityStore(10, 100, 2);
        gappy.add("DE", hour(0), hour(1), 100, IntensityKind.MEASURED, null);
        gappy.add("DE", hour(2), hour(3), 100, IntensityKind.MEASURED, null);
        assertThatThrownBy(() -> new SdkQueries(gappy, NOW).average("DE", hour(0), hour(3)))
                .isInstanceOfSatisfying(SdkProblem.class, p -> assertThat(p.title()).isEqualTo("InvalidOperationException"));
    }

    @Test
    void forecastRollingWindowAndOptimum() {
        Forecast f = queries.currentForecasts(List.of("DE"), null, null, 60).get(0);
        assertThat(f.generatedAt()).isEqualTo(ISSUED);
        assertThat(f.requestedAt()).isEqualTo(NOW.instant());
        assertThat(f.windowSize()).isEqualTo(60);
        // windows of 60 min stepping by 30 min over 4 h: 7 of them
        assertThat(f.forecastData()).extracting(Emissions::rating)
                .containsExactly(350.0, 250.0, 150.0, 100.0, 150.0, 250.0, 350.0);
        assertThat(f.forecastData()).allSatisfy(e -> assertThat(e.duration()).isEqualTo(Duration.ofMinutes(60)));
        assertThat(f.optimalDataPoints()).containsExactly(new Emissions("DE", half(3), 100, Duration.ofMinutes(60)));
        assertThat(f.dataStartAt()).isEqualTo(half(0));
        assertThat(f.dataEndAt()).isEqualTo(half(6)); // the last window's start, as the SDK reports it
    }

    @Test
    void forecastScopedByDataStartAndEnd() {
        Forecast f = queries.currentForecasts(List.of("DE"), half(1), half(5), 60).get(0);
        assertThat(f.forecastData()).extracting(Emissions::time).containsExactly(half(1), half(2), half(3));
        assertThat(f.dataStartAt()).isEqualTo(half(1));
        assertThat(f.dataEndAt()).isEqualTo(half(5));
    }

    @Test
    void forecastWithoutWindowSizeGivesThePointsAndTheirMinimumTies() {
        Forecast f = queries.currentForecasts(List.of("DE"), null, null, null).get(0);
        assertThat(f.windowSize()).isZero();
        assertThat(f.forecastData()).hasSize(8);
        assertThat(f.optimalDataPoints()).extracting(Emissions::time).containsExactly(half(3), half(4));
    }

    @Test
    void forecastWindowLongerThanTheDataIsEmptyNotAnError() {
        Forecast f = queries.currentForecasts(List.of("DE"), null, null, 24 * 60).get(0);
        assertThat(f.forecastData()).isEmpty();
        assertThat(f.optimalDataPoints()).isEmpty();
        Forecast huge = queries.currentForecasts(List.of("DE"), null, null, Integer.MAX_VALUE).get(0);
        assertThat(huge.forecastData()).isEmpty();
    }

    @Test
    void forecastRefusals() {
        assertThatThrownBy(() -> queries.currentForecasts(List.of("DE"), null, null, -5))
                .isInstanceOfSatisfying(SdkProblem.class, p -> assertThat(p.errors()).containsKey("windowSize"));
        assertThatThrownBy(() -> queries.currentForecasts(List.of("DE"), half(4), half(2), 30))
                .isInstanceOfSatisfying(SdkProblem.class, p -> assertThat(p.errors()).containsKey("dataStartAt"));
        assertThatThrownBy(() -> queries.currentForecasts(List.of("DE"), hour(-5), null, 30))
                .isInstanceOfSatisfying(SdkProblem.class, p -> {
                    assertThat(p.detail()).isEqualTo("Invalid EmissionsForecast");
                    assertThat(p.errors().get("dataStartAt").get(0)).contains("within time range of the forecasted data");
                });
        // FR is known (estimated values) but has no forecast
        assertThatThrownBy(() -> queries.currentForecasts(List.of("FR"), null, null, 30))
                .isInstanceOfSatisfying(SdkProblem.class, p -> assertThat(p.status()).isEqualTo(400));
    }

    @Test
    void newestForecastRunWins() {
        IntensityStore store = filled();
        store.add("DE", half(0), half(1), 999, IntensityKind.FORECAST, ISSUED.plusSeconds(600));
        Forecast f = new SdkQueries(store, NOW).currentForecasts(List.of("DE"), null, null, null).get(0);
        assertThat(f.generatedAt()).isEqualTo(ISSUED.plusSeconds(600));
        assertThat(f.forecastData()).extracting(Emissions::rating).containsExactly(999.0);
    }

    @Test
    void storeIsBoundedAndRefusesNonsense() {
        IntensityStore store = new IntensityStore(2, 3, 1);
        for (int i = 0; i < 10; i++) {
            assertThat(store.add("DE", hour(i), hour(i + 1), i, IntensityKind.MEASURED, null)).isTrue();
        }
        assertThat(store.actual("DE", hour(0), hour(100))).extracting(IntensityStore.Point::from)
                .containsExactly(hour(7), hour(8), hour(9));
        store.add("FR", hour(0), hour(1), 1, IntensityKind.MEASURED, null);
        store.add("PL", hour(0), hour(1), 1, IntensityKind.MEASURED, null);
        assertThat(store.zoneCount()).isEqualTo(2);
        assertThat(store.knows("DE")).isFalse(); // written least recently
        assertThat(store.add("PL", hour(1), hour(1), 1, IntensityKind.MEASURED, null)).isFalse();
        assertThat(store.add("PL", hour(1), hour(2), Double.NaN, IntensityKind.MEASURED, null)).isFalse();
        assertThat(store.add("PL", hour(1), hour(2), -1, IntensityKind.MEASURED, null)).isFalse();
        assertThat(store.add(" ", hour(1), hour(2), 1, IntensityKind.MEASURED, null)).isFalse();
        // one forecast run kept: an older run is refused, a newer one replaces it
        assertThat(store.add("PL", hour(0), hour(1), 1, IntensityKind.FORECAST, ISSUED)).isTrue();
        assertThat(store.add("PL", hour(0), hour(1), 1, IntensityKind.FORECAST, ISSUED.minusSeconds(1))).isFalse();
        assertThat(store.add("PL", hour(0), hour(1), 2, IntensityKind.FORECAST, ISSUED.plusSeconds(1))).isTrue();
        assertThat(store.currentForecast("PL").orElseThrow().points()).hasSize(1);
    }

    @Test
    void estimateDoesNotReplaceMeasured() {
        IntensityStore store = new IntensityStore(2, 3, 1);
        store.add("DE", hour(0), hour(1), 100, IntensityKind.MEASURED, null);
        assertThat(store.add("DE", hour(0), hour(1), 500, IntensityKind.ESTIMATED, null)).isFalse();
        store.add("DE", hour(1), hour(2), 500, IntensityKind.ESTIMATED, null);
        assertThat(store.add("DE", hour(1), hour(2), 120, IntensityKind.MEASURED, null)).isTrue();
        List<Double> values = new ArrayList<>();
        store.actual("DE", hour(0), hour(2)).forEach(p -> values.add(p.gco2PerKwh()));
        assertThat(values).containsExactly(100.0, 120.0);
    }

    @Test
    void malformedQueriesAreBindingErrors() {
        assertThatThrownBy(() -> SdkApiHandler.parameters("location=%zz"))
                .isInstanceOfSatisfying(SdkProblem.class, p -> assertThat(p.errors()).containsKey("query"));
        assertThat(SdkApiHandler.parameters("Location=a+b&&location=%C3%A9")).containsEntry("location", List.of("a b", "\u00e9"));
    }

    @Test
    void timeSpanIsWrittenAsDotNetDoes() {
        assertThat(SdkJson.timeSpan(Duration.ofMinutes(5))).isEqualTo("00:05:00");
        assertThat(SdkJson.timeSpan(Duration.ofHours(26))).isEqualTo("1.02:00:00");
    }
}
