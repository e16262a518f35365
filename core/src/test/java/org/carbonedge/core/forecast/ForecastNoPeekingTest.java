package org.carbonedge.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * No peeking: a forecast issued at T depends only on the intervals that had ended by T. Property: for random series
 * (hourly, half-hourly, 15-minute; holes, NaN and negative values; lengths from nothing to two months) and random
 * issue times (on and off the grid, before, inside and after the data), rewriting every later value and appending
 * more data never changes the forecast, for every forecaster. A failure names the seed and try to replay it.
 */
class ForecastNoPeekingTest {
    private static final long SEED = 20260516L;
    private static final Duration[] STEPS = {Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofMinutes(15)};
    private static final List<IntensityForecaster> FORECASTERS = List.of(new SeasonalForecaster(),
            new PersistenceForecaster(), new SeasonalNaiveForecaster());

    @Test
    void laterDataNeverChangesAForecast() {
        int nonEmpty = 0;
        for (int tryNo = 0; tryNo < 300; tryNo++) {
            SplittableRandom r = new SplittableRandom(SEED + tryNo);
            Duration step = STEPS[r.nextInt(STEPS.length)];
            int perDay = (int) (Duration.ofDays(1).toMillis() / step.toMillis());
            int n = r.nextInt(8) == 0 ? r.nextInt(3) : r.nextInt(perDay * 60);
            List<IntensityPoint> points = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (r.nextInt(10) == 0) {
                    continue; // a hole
                }
                points.add(new IntensityPoint(Series.START.plus(step.multipliedBy(i)), value(r, i, perDay)));
            }
            long issueOffsetMillis = (long) (r.nextDouble(-0.1, 1.2) * Math.max(1, n) * step.toMillis());
            if (r.nextBoolean()) {
                issueOffsetMillis -= Math.floorMod(issueOffsetMillis, step.toMillis()); // on the grid
            }
            Instant issuedAt = Series.START.plusMillis(issueOffsetMillis);
            Duration horizon = Duration.ofHours(1 + r.nextInt(72));

            List<IntensityPoint> rewritten = new ArrayList<>();
            for (IntensityPoint p : points) {
                boolean ended = !p.validFrom().plus(step).isAfter(issuedAt);
                rewritten.add(ended ? p : new IntensityPoint(p.validFrom(), value(r, 0, perDay) * 3));
            }
            long firstUnended = Math.max(n, Math.floorDiv(issueOffsetMillis, step.toMillis()));
            for (int i = 0; i < r.nextInt(perDay * 3); i++) {
                rewritten.add(new IntensityPoint(Series.START.plus(step.multipliedBy(firstUnended + i)), r.nextDouble(0, 900)));
            }
            RegularSeries before = RegularSeries.of(points, step);
            RegularSeries after = RegularSeries.of(rewritten, step);
            for (IntensityForecaster f : FORECASTERS) {
                IntensityForecast expected = f.forecast(before, issuedAt, horizon);
                IntensityForecast actual = f.forecast(after, issuedAt, horizon);
                assertThat(actual).as("seed=%d try=%d %s step=%s n=%d issuedAt=%s", SEED, tryNo, f.source(), step, n,
                        issuedAt).isEqualTo(expected);
                if (!expected.isEmpty()) {
                    nonEmpty++;
                    assertThat(expected.firstValidFrom()).isBeforeOrEqualTo(issuedAt);
                    assertThat(expected.firstValidFrom().plus(step)).isAfter(issuedAt);
                }
            }
        }
        assertThat(nonEmpty).as("tries that produced a forecast").isGreaterThan(500);
    }

    /** Mostly a daily cycle plus noise; sometimes NaN, infinite or negative (treated as missing). */
    private static double value(SplittableRandom r, int i, int perDay) {
        return switch (r.nextInt(40)) {
            case 0 -> Double.NaN;
            case 1 -> -r.nextDouble(1, 100);
            case 2 -> Double.POSITIVE_INFINITY;
            default -> Series.daily(i * 24 / perDay) + r.nextDouble(-40, 40);
        };
    }

    @Test
    void theHistoryAForecasterSeesRefusesToReadTheIntervalsBeingForecast() {
        RegularSeries series = Series.hourly(100, Series::daily);
        KnownHistory known = series.knownAt(Series.hour(50).plusSeconds(600)); // 10 minutes into hour 50

        assertThat(known.knownCount()).isEqualTo(50);
        assertThat(known.firstTarget()).isEqualTo(50);
        assertThat(known.at(49)).isEqualTo(Series.daily(49));
        assertThatThrownBy(() -> known.at(50)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("not known at");
        assertThat(known.orNaN(50)).isNaN();
    }
}
