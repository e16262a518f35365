package org.carbonedge.lab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void aMeanOfFewValuesUsesStudentsT() {
        Interval five = Interval.ofMean(new double[]{1, 2, 3, 4, 5});
        // sd 1.5811, standard error 0.7071, t(4) = 2.776
        assertThat(five.estimate()).isEqualTo(3.0);
        assertThat(five.halfWidth()).isCloseTo(2.776 * 0.707107, within(1e-5));
        assertThat(Interval.ofMean(new double[]{7}).known()).isFalse();
    }

    /** The intervals are what they claim: about 95% of them cover the true value, for means and for medians. */
    @Test
    void ninetyFivePercentIntervalsCoverTheTrueValueAboutNinetyFivePercentOfTheTime() {
        SplittableRandom random = new SplittableRandom(19);
        int trials = 4_000, meanCovered = 0, medianCovered = 0;
        for (int t = 0; t < trials; t++) {
            double[] normal = new double[8];
            double[] skewed = new double[40];
            for (int i = 0; i < normal.length; i++) {
                normal[i] = 10 + 2 * gaussian(random);
            }
            for (int i = 0; i < skewed.length; i++) {
                skewed[i] = -Math.log(1 - random.nextDouble()); // exponential, median ln 2
            }
            Interval mean = Interval.ofMean(normal);
            Interval median = Interval.ofMedian(skewed);
            meanCovered += mean.low() <= 10 && 10 <= mean.high() ? 1 : 0;
            medianCovered += median.low() <= Math.log(2) && Math.log(2) <= median.high() ? 1 : 0;
        }
        assertThat(meanCovered / (double) trials).isBetween(0.93, 0.97);
        assertThat(medianCovered / (double) trials).isBetween(0.93, 0.99);
    }

    @Test
    void fiveValuesGiveTheMedianTheWholeRange() {
        Interval m = Interval.ofMedian(new double[]{5, 1, 4, 2, 3});
        assertThat(m.estimate()).isEqualTo(3.0);
        assertThat(m.low()).isEqualTo(1.0);
        assertThat(m.high()).isEqualTo(5.0);
    }

    @Test
    void estimatesApartByMoreThanTheirCombinedIntervalsAreNotTied() {
        Interval a = new Interval(100, 98, 102);
        assertThat(a.tiedWith(new Interval(102, 100, 104))).isTrue(); // 2 apart, combined half-width 2.83
        assertThat(a.tiedWith(new Interval(104, 103, 105))).isFalse(); // 4 apart, combined half-width 2.24
        assertThat(a.tiedWith(new Interval(200, Double.NaN, Double.NaN))).as("no interval: cannot tell").isTrue();
    }

    @Test
    void aPercentChangeCarriesBothIntervals() {
        Interval green = new Interval(60, 59.4, 60.6);     // ±1%
        Interval mono = new Interval(100, 99, 101);       // ±1%
        Interval change = green.percentChangeFrom(mono);
        assertThat(change.estimate()).isCloseTo(-40, within(1e-9));
        assertThat(change.halfWidth()).isCloseTo(60 * Math.sqrt(2) * 0.01, within(1e-9));
        assertThat(change.plusMinus("%.1f")).isEqualTo("-40.0 ±0.8");
        assertThat(green.plusMinusPercent("%.3g")).isEqualTo("60.0 ±1.0%");
        assertThat(new Interval(28.9, 28.1, 29.5).bracketed("%.1f")).isEqualTo("28.9 [28.1–29.5]");
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
