package org.carbonedge.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The paper's formula, recomputed by hand for given node states. */
class PaperScorerTest {

    private final PaperScorer scorer = new PaperScorer(5_000);

    @Test
    void scoreIsTheWeightedSumOfThePapersTerms() {
        // SR 0.6, load 0.3, T_avg 250 ms, 2 tasks, 4 W, 620 g/kWh
        NodeState n = new NodeState("high", 0.6, 0.3, 250, 2, 4.0, 620, true);
        double sr = 0.6;
        double sl = 1 - 0.3;                       // 0.7
        double sp = 1 / (1 + 0.250);                // 0.8 (T_avg in seconds)
        double sb = 1 / (1 + 2.0 * 2);              // 0.2
        double eEst = 4.0 * 250 / 3_600_000.0;      // P x T_avg(ms) / 3.6e6, as published
        double sc = 1 / (1 + 620 * eEst);           // 1 / (1 + 0.17222) = 0.85308
        double expectedGreen = 0.15 * sr + 0.15 * sl + 0.10 * sp + 0.10 * sb + 0.50 * sc;
        assertThat(PaperScorer.score(n, Weights.GREEN)).isCloseTo(expectedGreen, within(1e-12));
        assertThat(sc).isCloseTo(0.85308, within(1e-5));
        assertThat(PaperScorer.score(n, Weights.PERFORMANCE))
                .isCloseTo(0.25 * sr + 0.25 * sl + 0.30 * sp + 0.15 * sb + 0.05 * sc, within(1e-12));
    }

    @Test
    void theFiltersSkipLoadedSlowAndShortNodes() {
        NodeState ok = new NodeState("ok", 1, 0.8, 100, 0, 4, 500, true);
        assertThat(scorer.eligible(ok)).isTrue();
        assertThat(scorer.eligible(new NodeState("busy", 1, 0.81, 100, 0, 4, 500, true))).isFalse();
        assertThat(scorer.eligible(new NodeState("slow", 1, 0.1, 5_001, 0, 4, 500, true))).isFalse();
        assertThat(scorer.eligible(new NodeState("full", 1, 0.1, 100, 0, 4, 500, false))).isFalse();
    }

    @Test
    void theBestEligibleNodeWinsAndNoneGivesMinusOne() {
        NodeState fast = new NodeState("fast", 1, 0, 250, 0, 3.83, 620, true);
        NodeState clean = new NodeState("clean", 1, 0, 625, 0, 1.53, 380, true);
        assertThat(scorer.best(List.of(fast, clean), Weights.PERFORMANCE)).isEqualTo(0);
        NodeState loaded = new NodeState("loaded", 1, 0.9, 10, 0, 1, 1, true);
        assertThat(scorer.best(List.of(loaded), Weights.GREEN)).isEqualTo(-1);
    }

    @Test
    void theCarbonTermBarelySeparatesNodesAsThePaperReports() {
        // with the published E_est a 39% cleaner grid moves SC by only about 5%
        NodeState high = new NodeState("high", 1, 0, 255, 0, 3.83, 620, true);
        NodeState green = new NodeState("green", 1, 0, 637, 0, 1.53, 380, true);
        double scHigh = PaperScorer.terms(high)[4];
        double scGreen = PaperScorer.terms(green)[4];
        assertThat(scGreen - scHigh).isBetween(0.0, 0.06);
    }
}
