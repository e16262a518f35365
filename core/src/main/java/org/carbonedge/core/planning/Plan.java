package org.carbonedge.core.planning;

import java.util.List;

/**
 * A routing decision: the stages in execution order and what they were expected to cost.
 *
 * @param policy                policy name
 * @param stages                stages; one stage is monolithic execution
 * @param expectedLatencyMillis expected end-to-end latency
 * @param expectedGco2          expected total emissions (operational + transfer + embodied)
 * @param sloMet                false when a latency objective was given and no candidate met it (the fastest
 *                              plan is returned then)
 * @param candidates            how many plans were scored one by one (three-stage plans ruled out together by a bound
 *                              are not counted)
 */
public record Plan(String policy, List<PlannedStage> stages, double expectedLatencyMillis, double expectedGco2,
                   boolean sloMet, int candidates) {

    public Plan {
        stages = List.copyOf(stages);
    }

    public boolean monolithic() {
        return stages.size() == 1;
    }
}
