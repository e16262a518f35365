package org.carbonedge.core.carbon;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;

/** Hand-made contract records for the emissions tests: plans, results, tasks, intensities, device states. */
public final class TestRecords {

    /** 2026-01-15T10:00:00Z. */
    public static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    private TestRecords() {
    }

    /** A stage of a plan: device, zone, partitions {@code 2i..2i+1}. */
    public static PlanStage stage(int index, String deviceId, String zone) {
        return PlanStage.newBuilder().setStageIndex(index).setDeviceId(deviceId).setZone(zone)
                .setFirstPartition(2 * index).setLastPartition(2 * index + 1).setExpectedComputeMillis(5.0)
                .setExpectedEnergyJoules(0.5).setExpectedGco2(1e-5).setOutputBytes(1000).build();
    }

    /** A plan over {@code devices[i]} in {@code zones[i]}, policy green, 1,200 ns scheduling, 12 ms expected. */
    public static ExecutionPlan plan(String[] devices, String[] zones) {
        List<PlanStage> stages = new ArrayList<>();
        for (int i = 0; i < devices.length; i++) {
            stages.add(stage(i, devices[i], zones[i]));
        }
        return ExecutionPlan.newBuilder().setPolicy("green").setModelVersion(1).setStages(stages).setPlannedAt(T0)
                .setSchedulingNanos(1_200).setExpectedLatencyMillis(12.0).setExpectedGco2(2e-5)
                .setLatencySloMillis(null).build();
    }

    /** The usual two-stage plan: stage 0 on dev-a in DE, stage 1 on dev-b in FR. */
    public static ExecutionPlan twoStagePlan() {
        return plan(new String[]{"dev-a", "dev-b"}, new String[]{"DE", "FR"});
    }

    /** An OK result builder for {@code stage} of {@code plan}, on the plan's device and zone. */
    public static PartitionResult.Builder ok(String requestId, ExecutionPlan plan, int stage, Instant submittedAt,
                                             Instant startedAt, Instant endedAt, double energyJoules, long bytesOut) {
        PlanStage s = plan.getStages().get(stage);
        return PartitionResult.newBuilder().setRequestId(requestId).setModelId("mnist-cnn").setPlan(plan)
                .setStageIndex(stage).setAttempt(0).setDeviceId(s.getDeviceId()).setZone(s.getZone())
                .setSubmittedAt(submittedAt).setStartedAt(startedAt).setEndedAt(endedAt)
                .setComputeNanos(endedAt.toEpochMilli() * 1_000_000 - startedAt.toEpochMilli() * 1_000_000)
                .setQueueNanos(0).setEnergyJoules(energyJoules).setEnergySource("MODEL").setEmbodiedGco2(0.0)
                .setBytesIn(100).setBytesOut(bytesOut).setStatus(PartitionStatus.OK).setReason(null)
                .setOutputs(List.of());
    }

    /** An ERROR result for {@code stage}. */
    public static PartitionResult error(String requestId, ExecutionPlan plan, int stage, Instant submittedAt,
                                        Instant endedAt, String reason) {
        return ok(requestId, plan, stage, submittedAt, endedAt, endedAt, 0.0, 0).setStatus(PartitionStatus.ERROR)
                .setReason(reason).build();
    }

    /** The task of {@code stage}, attempt 0, with a 16-byte input. */
    public static PartitionTask task(String requestId, ExecutionPlan plan, int stage, Instant submittedAt,
                                     Instant dispatchedAt) {
        Tensor input = Tensor.newBuilder().setName("input").setDtype(TensorDataType.FLOAT32).setShape(List.of(1L, 4L))
                .setData(ByteBuffer.wrap(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})).build();
        return PartitionTask.newBuilder().setRequestId(requestId).setModelId("mnist-cnn").setPlan(plan)
                .setStageIndex(stage).setInputs(List.of(input)).setSubmittedAt(submittedAt)
                .setDispatchedAt(dispatchedAt).setAttempt(0).build();
    }

    /** An intensity interval. */
    public static GridIntensity intensity(String zone, Instant from, Instant to, double gco2PerKwh, SignalType signal,
                                          IntensityKind kind, Instant publishedAt) {
        return GridIntensity.newBuilder().setZone(zone).setValidFrom(from).setValidTo(to).setGco2PerKwh(gco2PerKwh)
                .setSignal(signal).setKind(kind).setSource("test:" + zone + ":" + kind).setPublishedAt(publishedAt).build();
    }

    /** An hour-long AVERAGE interval from {@code from}. */
    public static GridIntensity hour(String zone, Instant from, double gco2PerKwh, IntensityKind kind) {
        return intensity(zone, from, from.plusSeconds(3600), gco2PerKwh, SignalType.AVERAGE, kind, null);
    }

    /** A device state. */
    public static DeviceState device(String deviceId, String zone, DeviceStatus status, Instant lastHeartbeatAt,
                                     double load) {
        return DeviceState.newBuilder().setDeviceId(deviceId).setZone(zone).setProfile("paper-medium")
                .setCpuQuota(0.6).setMemoryBytes(512L << 20).setFreeMemoryBytes(256L << 20).setIdleWatts(2.7)
                .setMaxWatts(6.3).setEmbodiedKgco2e(50).setLifetimeHours(26_280).setLoad(load).setPowerWatts(4.0)
                .setQueueDepth(0).setTaskCount(0).setAvgExecutionMillis(Map.of()).setLastHeartbeatAt(lastHeartbeatAt)
                .setStatus(status).setUpdatedAt(lastHeartbeatAt).build();
    }
}
