package org.carbonedge.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Feed points onto a grid: order, holes, duplicates, bad values and stray times each have one clear outcome. */
class RegularSeriesTest {

    @Test
    void pointsInAnyOrderWithHolesDuplicatesAndBadValuesLandOnTheGrid() {
        List<IntensityPoint> points = List.of(
                new IntensityPoint(Series.hour(3), 40),
                new IntensityPoint(Series.hour(0), 10),
                new IntensityPoint(Series.hour(1), Double.NaN),
                new IntensityPoint(Series.hour(0), 99),                      // duplicate: the first seen wins
                new IntensityPoint(Series.hour(2).plusSeconds(60), 77),      // off the grid: dropped
                new IntensityPoint(Series.hour(5), -3),                      // negative: missing
                new IntensityPoint(Series.hour(6), 60));

        RegularSeries s = RegularSeries.of(points);

        assertThat(s.step()).isEqualTo(Duration.ofHours(1));
        assertThat(s.origin()).isEqualTo(Series.START);
        assertThat(s.size()).isEqualTo(7);
        assertThat(s.gco2PerKwh(0)).isEqualTo(10);
        assertThat(s.gco2PerKwh(1)).isNaN();
        assertThat(s.gco2PerKwh(2)).isNaN();
        assertThat(s.gco2PerKwh(3)).isEqualTo(40);
        assertThat(s.gco2PerKwh(5)).isNaN();
        assertThat(s.presentCount()).isEqualTo(3);
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.offGrid()).isEqualTo(1);
        assertThat(s.invalidValues()).isEqualTo(2);
    }

    @Test
    void theStepIsTheMostCommonGap() {
        assertThat(RegularSeries.inferStep(Series.points(10, Duration.ofMinutes(30), i -> 1))).isEqualTo(Duration.ofMinutes(30));
        assertThat(RegularSeries.inferStep(List.of())).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void knownAtCountsOnlyIntervalsThatHaveEnded() {
        RegularSeries s = Series.hourly(10, i -> i);
        assertThat(s.knownAt(Series.hour(4)).knownCount()).isEqualTo(4);
        assertThat(s.knownAt(Series.hour(4).minusMillis(1)).knownCount()).isEqualTo(3);
        assertThat(s.knownAt(Series.hour(-2)).knownCount()).isZero();
        assertThat(s.knownAt(Series.hour(-2)).firstTarget()).isEqualTo(-2);
        assertThat(s.knownAt(Series.hour(15)).knownCount()).isEqualTo(15); // 10..14 known to be missing
        assertThat(s.knownAt(Series.hour(15)).at(12)).isNaN();
        assertThat(s.knownAt(Series.hour(15)).firstTarget()).isEqualTo(15);
    }
}
