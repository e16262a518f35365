package org.carbonedge.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicySyntaxTest {

    @Test
    void namedAndCustomPoliciesPass() {
        for (String name : PolicySyntax.NAMED) {
            assertThat(PolicySyntax.isValid(name)).as(name).isTrue();
        }
        assertThat(PolicySyntax.isValid(" Paper-Green ")).isTrue();
        assertThat(PolicySyntax.isValid(null)).isTrue();
        assertThat(PolicySyntax.isValid("custom:0.1,0.2,0.3,0.1,0.3")).isTrue();
    }

    @Test
    void badNamesSayWhatIsWrong() {
        assertThat(PolicySyntax.problem("greenest")).hasValueSatisfying(m ->
                assertThat(m).contains("unknown policy 'greenest'").contains("custom:wR,wL,wP,wB,wC"));
        assertThat(PolicySyntax.problem("custom:1,2,3")).contains("policy 'custom:1,2,3' needs five weights wR,wL,wP,wB,wC");
        assertThat(PolicySyntax.problem("custom:1,2,x,4,5")).contains("policy 'custom:1,2,x,4,5': 'x' is not a number");
        assertThat(PolicySyntax.problem("custom:-1,1,1,1,1")).hasValueSatisfying(m -> assertThat(m).contains("finite and >= 0"));
        assertThat(PolicySyntax.problem("custom:0,0,0,0,0")).hasValueSatisfying(m -> assertThat(m).contains("at least one weight"));
    }

    @Test
    void weightsWhoseSumWouldOverflowAreRefusedTinyOnesAreNot() {
        assertThat(PolicySyntax.problem("custom:1e308,1e308,1e308,1e308,1e308")).hasValueSatisfying(m ->
                assertThat(m).contains("at most 1000000.0").contains("'1e308'"));
        assertThat(PolicySyntax.problem("custom:1000001,0,0,0,0")).isPresent();
        assertThat(PolicySyntax.problem("custom:1e6,1e6,1e6,1e6,1e6")).isEmpty();
        assertThat(PolicySyntax.problem("custom:4.9e-324,0,0,0,0")).isEmpty();
        assertThat(PolicySyntax.problem("custom:Infinity,0,0,0,0")).isPresent();
        assertThat(PolicySyntax.problem("custom:NaN,1,1,1,1")).isPresent();
    }
}
