package org.carbonedge.core.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.core.planning.Plan;
import org.carbonedge.core.planning.PlannedStage;

/** Turns the planner's decision into the contracts that travel: the ExecutionPlan and the first stage's task. */
public final class PlanMapper {

    private PlanMapper() {
    }

    /** The plan as it travels; {@code attributes} are the request's labels, for its emission record. */
    public static ExecutionPlan toAvro(Plan plan, int modelVersion, Instant plannedAt, long schedulingNanos, Double sloMillis,
                                       Map<String, String> attributes) {
        List<PlanStage> stages = new ArrayList<>(plan.stages().size());
        for (int i = 0; i < plan.stages().size(); i++) {
            PlannedStage s = plan.stages().get(i);
            stages.add(PlanStage.newBuilder().setStageIndex(i).setDeviceId(s.deviceId()).setZone(s.zone())
                    .setFirstPartition(s.firstPartition()).setLastPartition(s.lastPartition())
                    .setExpectedComputeMillis(s.expectedMillis()).setExpectedEnergyJoules(s.energyJoules())
                    .setExpectedGco2(s.gco2()).setOutputBytes(s.outputBytes()).build());
        }
        return ExecutionPlan.newBuilder().setPolicy(plan.policy()).setModelVersion(modelVersion).setStages(stages)
                .setPlannedAt(plannedAt).setSchedulingNanos(schedulingNanos)
                .setExpectedLatencyMillis(plan.expectedLatencyMillis()).setExpectedGco2(plan.expectedGco2())
                .setLatencySloMillis(sloMillis).setAttributes(attributes).build();
    }

    /** The task for stage 0, carrying the request's inputs and the whole plan. */
    public static PartitionTask firstTask(InferenceRequest request, ExecutionPlan plan, Instant now) {
        return PartitionTask.newBuilder().setRequestId(request.getRequestId()).setModelId(request.getModelId())
                .setPlan(plan).setStageIndex(0).setInputs(request.getInputs()).setSubmittedAt(request.getSubmittedAt())
                .setDispatchedAt(now).setAttempt(0).build();
    }
}
