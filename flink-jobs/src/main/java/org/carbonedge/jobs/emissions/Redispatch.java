package org.carbonedge.jobs.emissions;

import java.util.ArrayList;
import java.util.List;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;

/**
 * Sending a stage whose device went silent to another device: the plan's stage now names the new device and its
 * zone (later stages read the rewritten plan, so the rest of the chain and the accounting follow it), and the task
 * is the stored one (same inputs) under that plan, one attempt later, dispatched at the decision.
 */
final class Redispatch {

    private Redispatch() {
    }

    /** {@code plan} with stage {@code stageIndex} moved to {@code device}. */
    static ExecutionPlan plan(ExecutionPlan plan, int stageIndex, DeviceState device) {
        List<PlanStage> stages = new ArrayList<>(plan.getStages());
        stages.set(stageIndex, PlanStage.newBuilder(stages.get(stageIndex))
                .setDeviceId(device.getDeviceId())
                .setZone(device.getZone())
                .build());
        return ExecutionPlan.newBuilder(plan).setStages(stages).build();
    }

    /** The task {@code order} asks for, from the original task read back from Kafka. */
    static PartitionTask task(PartitionTask original, RedispatchOrder order) {
        return PartitionTask.newBuilder(original)
                .setPlan(order.plan)
                .setAttempt(order.attempt)
                .setDispatchedAt(order.dispatchedAt)
                .build();
    }
}
