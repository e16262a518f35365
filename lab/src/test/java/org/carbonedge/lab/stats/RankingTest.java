package org.carbonedge.lab.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RankingTest {

    private static final Map<String, Interval> CARBON = Map.of(
            "green", new Interval(4.8, 4.7, 4.9),
            "paper-green", new Interval(4.85, 4.75, 4.95),
            "balanced", new Interval(6.0, 5.9, 6.1),
            "performance", new Interval(7.6, 7.5, 7.7),
            "monolithic", new Interval(7.65, 7.55, 7.75));

    @Test
    void policiesInsideEachOthersIntervalsArePrintedAsTied() {
        assertThat(Ranking.text(List.copyOf(new java.util.TreeSet<>(CARBON.keySet())), CARBON::get, s -> s))
                .isEqualTo("green = paper-green < balanced < performance = monolithic");
    }

    @Test
    void aChainOfSmallStepsDoesNotTieTheEnds() {
        Map<String, Interval> chain = Map.of("a", new Interval(1.0, 0.9, 1.1), "b", new Interval(1.12, 1.02, 1.22),
                "c", new Interval(1.24, 1.14, 1.34));
        assertThat(Ranking.text(List.of("c", "b", "a"), chain::get, s -> s)).isEqualTo("a = b < c");
    }

    @Test
    void fiveRequestsCannotOrderPoliciesHalfAPercentApart() {
        // the --quick run of issue #19: balanced 4.06e-06 g vs performance 4.08e-06 g, each ±3% over five requests
        Interval balanced = new Interval(4.06, 4.06 * 0.97, 4.06 * 1.03);
        Interval performance = new Interval(4.08, 4.08 * 0.97, 4.08 * 1.03);
        Interval green = new Interval(2.5, 2.45, 2.55);
        assertThat(Ranking.between(green, balanced, performance)).isEqualTo("tied");
        assertThat(Ranking.between(green, new Interval(3.3, 3.25, 3.35), performance)).isEqualTo("yes");
        assertThat(Ranking.between(green, new Interval(5.0, 4.95, 5.05), performance)).isEqualTo("no");
    }
}
