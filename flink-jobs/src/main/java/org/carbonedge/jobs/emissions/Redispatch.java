package org.carbonedge.jobs.emissions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;

/**
 * The task that sends a stage whose device went silent to another device: the stored task (same inputs) under a
 * plan whose stage now names the new device and its zone, one attempt later, dispatched now. Later stages read the
 * rewritten plan, so the rest of the chain and the accounting follow the new device.
 */
final class Redispatch {

    private Redispatch() {
    }

    static PartitionTask to(PartitionTask task, DeviceState device, Instant now) {
        ExecutionPlan plan = ExecutionPlan.newBuilder(task.getPlan()).build();
        List<PlanStage> stages = new ArrayList<>(plan.getStages());
        int index = task.getStageIndex();
        stages.set(index, PlanStage.newBuilder(stages.get(index))
                .setDeviceId(device.getDeviceId())
                .setZone(device.getZone())
                .build());
        plan.setStages(stages);
        return PartitionTask.newBuilder(task)
                .setPlan(plan)
                .setAttempt(task.getAttempt() + 1)
                .setDispatchedAt(now)
                .build();
    }
}
