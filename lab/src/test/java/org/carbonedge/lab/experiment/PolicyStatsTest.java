package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PolicyStatsTest {

    @Test
    void theConfidenceIntervalOfTheMeanShrinksWithTheSpreadAndIsUndefinedForOneValue() {
        // sample standard deviation of 1..4 is 1.29099; 1.96 × 1.29099 / √4 = 1.26517
        assertThat(PolicyStats.ci95(new double[]{1, 2, 3, 4})).as("t with 3 degrees of freedom: 3.182").isCloseTo(3.182 * 1.290994 / 2, within(1e-5));
        assertThat(PolicyStats.ci95(new double[]{5, 5, 5})).isZero();
        assertThat(PolicyStats.ci95(new double[]{5})).isNaN();
    }
}
