package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.carbonedge.core.planning.AccuracyObjective;
import org.junit.jupiter.api.Test;

/** The cluster's and Docker's router take their accuracy objectives from the submitter's environment. */
class RouterJobConfigTest {

    @Test
    void objectivesComeFromTheEnvironment() {
        assertThat(RouterJob.configFromEnv(Map.of("CARBONEDGE_ACCURACY_OBJECTIVES", "tenant=acme:0.70/PT1H")).objectives())
                .containsExactly(Map.entry("tenant=acme", new AccuracyObjective(0.70, Duration.ofHours(1))));
        assertThat(RouterJob.configFromEnv(Map.of()).objectives()).isEmpty();
    }

    @Test
    void aBadSpecFailsTheSubmissionNamingTheVariable() {
        assertThatThrownBy(() -> RouterJob.configFromEnv(Map.of("CARBONEDGE_ACCURACY_OBJECTIVES", "tenant=acme:7/PT1H")))
                .hasMessageStartingWith("CARBONEDGE_ACCURACY_OBJECTIVES: invalid accuracy objective 'tenant=acme:7/PT1H'");
    }
}
