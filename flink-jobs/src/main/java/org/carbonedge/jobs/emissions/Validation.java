package org.carbonedge.jobs.emissions;

import java.util.List;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.core.carbon.IntensityHistory;
import org.carbonedge.schemas.Topics;

/**
 * What makes a decoded record unusable for emissions accounting, in words (null when it is fine). Used as
 * validators of the decode step, so such records are dead-lettered with their raw bytes instead of reaching state.
 */
final class Validation {

    private Validation() {
    }

    static String partitionResult(PartitionResult r) {
        String where = "result of " + r.getRequestId() + " stage " + r.getStageIndex();
        if (r.getRequestId().isBlank()) {
            return "partition result without a requestId";
        }
        String plan = plan(r.getPlan(), r.getStageIndex(), where);
        if (plan != null) {
            return plan;
        }
        if (r.getAttempt() < 0) {
            return where + ": negative attempt " + r.getAttempt();
        }
        if (r.getDeviceId().isBlank() || r.getZone().isBlank()) {
            return where + ": deviceId and zone are required";
        }
        if (r.getEndedAt().isBefore(r.getStartedAt())) {
            return where + ": endedAt " + r.getEndedAt() + " is before startedAt " + r.getStartedAt();
        }
        if (!nonNegative(r.getEnergyJoules()) || !nonNegative(r.getEmbodiedGco2())) {
            return where + ": energyJoules " + r.getEnergyJoules() + " and embodiedGco2 " + r.getEmbodiedGco2()
                    + " must be finite and >= 0";
        }
        if (r.getComputeNanos() < 0 || r.getBytesOut() < 0 || r.getBytesIn() < 0) {
            return where + ": computeNanos, bytesIn and bytesOut must be >= 0";
        }
        return null;
    }

    static String rejection(org.carbonedge.avro.EmissionRecord r) {
        if (r.getRequestId().isBlank()) {
            return "rejection without a requestId";
        }
        if (r.getStatus() != org.carbonedge.avro.InferenceStatus.REJECTED) {
            return "rejection of " + r.getRequestId() + " has status " + r.getStatus() + ", expected REJECTED";
        }
        return null;
    }

    static String partitionTask(TaskSeen t) {
        if (t.requestId.isBlank()) {
            return "partition task without a requestId";
        }
        if (t.attempt < 0) {
            return "task of " + t.requestId + " stage " + t.stageIndex + ": negative attempt " + t.attempt;
        }
        return plan(t.plan, t.stageIndex, "task of " + t.requestId + " stage " + t.stageIndex);
    }

    static String gridIntensity(GridIntensity g) {
        return IntensityHistory.problem(g);
    }

    static String deviceState(DeviceState d) {
        if (d.getDeviceId().isBlank()) {
            return "device state without a deviceId";
        }
        if (d.getZone().isBlank()) {
            return "device state of " + d.getDeviceId() + " without a zone";
        }
        try {
            Topics.tasks(d.getDeviceId()); // a device work may be re-dispatched to must have a valid task topic name
        } catch (IllegalArgumentException e) {
            return "device state: " + e.getMessage();
        }
        return null;
    }

    private static String plan(ExecutionPlan plan, int stageIndex, String where) {
        List<PlanStage> stages = plan.getStages();
        if (stages.isEmpty()) {
            return where + ": the plan has no stages";
        }
        if (stageIndex < 0 || stageIndex >= stages.size()) {
            return where + ": stage index outside the plan's " + stages.size() + " stages";
        }
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).getStageIndex() != i) {
                return where + ": plan stage at position " + i + " has stageIndex " + stages.get(i).getStageIndex();
            }
        }
        if (!(plan.getExpectedLatencyMillis() >= 0) || !Double.isFinite(plan.getExpectedLatencyMillis())) {
            return where + ": plan expectedLatencyMillis " + plan.getExpectedLatencyMillis() + " must be finite and >= 0";
        }
        return null;
    }

    private static boolean nonNegative(double v) {
        return Double.isFinite(v) && v >= 0;
    }
}
