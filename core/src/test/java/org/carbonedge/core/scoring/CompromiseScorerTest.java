package org.carbonedge.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** CarbonEdge's score, recomputed by hand for a few small candidate sets (p = 2: squared distances). */
class CompromiseScorerTest {

    private final CompromiseScorer l2 = new CompromiseScorer(2);

    /** Figures of plans: latency ms, gCO2, device time ms, time × load, time × tasks, time × memory pressure. */
    private static double[] plans(double[]... plans) {
        double[] f = new double[plans.length * CompromiseScorer.FIGURES];
        for (int i = 0; i < plans.length; i++) {
            System.arraycopy(plans[i], 0, f, i * CompromiseScorer.FIGURES, CompromiseScorer.FIGURES);
        }
        return f;
    }

    private static double[] idle(double latency, double grams) {
        return new double[]{latency, grams, latency, 0, 0};
    }

    @Test
    void thePlanAtTheIdealScoresZero() {
        // plan 0 is both the fastest and the greenest, on idle devices
        double[] f = plans(idle(10, 1), idle(20, 3));
        assertThat(l2.choose(f, 2, 0, 0, Double.POSITIVE_INFINITY, new Weights(1, 1, 1, 1, 1))).isZero();
        assertThat(l2.chosenDistance()).isZero();
    }

    @Test
    void aPlanWorseOnCarbonOnlyScoresByTheCarbonWeight() {
        // A 10 ms 2 g (fastest), B 12 ms 1 g (greenest), C 10 ms 1.5 g: latency span 2, carbon span 1
        double[] f = plans(idle(10, 2), idle(12, 1), idle(10, 1.5));
        Weights w = new Weights(0, 0, 1, 0, 0.5);
        // A: (0.5 · 1/1)² = 0.25; B: (1 · 2/2)² = 1; C: (0.5 · 0.5/1)² = 0.0625
        assertThat(l2.choose(f, 3, 0, 1, Double.POSITIVE_INFINITY, w)).isEqualTo(2);
        assertThat(l2.chosenDistance()).isCloseTo(0.0625, within(1e-12));
        // p = 1: the same plan, at wC · 0.5
        CompromiseScorer l1 = new CompromiseScorer(1);
        assertThat(l1.choose(f, 3, 0, 1, Double.POSITIVE_INFINITY, w)).isEqualTo(2);
        assertThat(l1.chosenDistance()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void theNormalisationSpanIsAtLeastFivePercentOfTheIdeal() {
        assertThat(CompromiseScorer.norm(10.5, 10, 10.1)).isCloseTo(1.0, within(1e-12)); // span 0.5, not 0.1
        assertThat(CompromiseScorer.norm(10.5, 10, 10)).isCloseTo(1.0, within(1e-12));   // an empty front
        assertThat(CompromiseScorer.norm(15, 10, 20)).isEqualTo(0.5);                     // a wide front: its span
        assertThat(CompromiseScorer.norm(0, 0, 0)).isZero();
        // A 100 ms 10 g (fastest), B 101 ms 9.9 g (greenest): spans max(1, 5) = 5 ms and max(0.1, 0.495) = 0.495 g.
        // A: (0.1 / 0.495)² = 0.0408; B: (1 / 5)² = 0.04 (with the raw spans both would be 1, a tie)
        double[] f = plans(idle(100, 10), idle(101, 9.9));
        assertThat(l2.choose(f, 2, 0, 1, Double.POSITIVE_INFINITY, new Weights(0, 0, 1, 0, 1))).isEqualTo(1);
        assertThat(l2.chosenDistance()).isCloseTo(0.04, within(1e-12));
    }

    @Test
    void deviceTermsAreTimeWeightedAndTakenAsTheyAre() {
        // one plan, 10 ms on devices at load 0.5 (with work left), memory pressure 0.25
        double[] f = plans(new double[]{10, 1, 10, 5, 2.5});
        assertThat(l2.choose(f, 1, 0, 0, Double.POSITIVE_INFINITY, new Weights(1, 1, 1, 1, 1))).isZero();
        // load 0.5² + memory 0.25²: the queue is not a term of its own (it is in the latency)
        assertThat(l2.chosenDistance()).isCloseTo(0.25 + 0.0625, within(1e-12));
    }

    @Test
    void onlyPlansMeetingTheLatencyObjectiveCompete() {
        double[] f = plans(idle(10, 2), idle(12, 1));
        // with an objective of 11 ms, plan 0 is the fastest and the greenest of those meeting it
        assertThat(l2.choose(f, 2, 0, 0, 11, new Weights(0, 0, 0.1, 0, 1))).isZero();
        assertThat(l2.choose(f, 2, 0, 1, Double.POSITIVE_INFINITY, new Weights(0, 0, 0.1, 0, 1))).isEqualTo(1);
    }
}
