package org.carbonedge.core.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.carbonedge.core.scoring.Weights;
import org.junit.jupiter.api.Test;

class PolicyTest {

    @Test
    void namedPoliciesParse() {
        assertThat(Policy.parse("green")).isEqualTo(Policy.GREEN);
        assertThat(Policy.parse(" Paper-Green ")).isEqualTo(Policy.PAPER_GREEN);
        assertThat(Policy.parse("monolithic").kind()).isEqualTo(Policy.Kind.MONOLITHIC);
        assertThat(Policy.parse(null)).isEqualTo(Policy.BALANCED);
    }

    @Test
    void customWeightsParse() {
        Policy p = Policy.parse("custom:0.1,0.2,0.3,0.1,0.3");
        assertThat(p.kind()).isEqualTo(Policy.Kind.PLANNER);
        assertThat(p.weights()).isEqualTo(new Weights(0.1, 0.2, 0.3, 0.1, 0.3));
        assertThat(p.name()).isEqualTo("custom:0.1,0.2,0.3,0.1,0.3");
    }

    @Test
    void badPoliciesSayWhatIsAccepted() {
        assertThatThrownBy(() -> Policy.parse("greenest")).hasMessageContaining("unknown policy 'greenest'")
                .hasMessageContaining("custom:wR,wL,wP,wB,wC");
        assertThatThrownBy(() -> Policy.parse("custom:1,2,3")).hasMessageContaining("five weights");
        assertThatThrownBy(() -> Policy.parse("custom:1,2,x,4,5")).hasMessageContaining("'x' is not a number");
    }
}
