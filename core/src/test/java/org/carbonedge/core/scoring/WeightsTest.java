package org.carbonedge.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightsTest {

    @Test
    void sweepKeepsTheOtherWeightsInProportionAndSumsToOne() {
        Weights w = Weights.sweep(Weights.BALANCED, 0.4);
        assertThat(w.carbon()).isEqualTo(0.4);
        assertThat(w.resources() + w.load() + w.performance() + w.balance() + w.carbon()).isCloseTo(1.0, within(1e-12));
        assertThat(w.resources() / w.performance()).isCloseTo(0.20 / 0.15, within(1e-12));
    }

    @Test
    void negativeOrAllZeroWeightsAreRefused() {
        assertThatThrownBy(() -> new Weights(-0.1, 0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Weights(0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Weights.sweep(Weights.GREEN, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
