package org.carbonedge.platform;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.DeviceTelemetry;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.avro.TransferEmission;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;

/** One fully populated record per topic, for round-trip tests. */
final class SampleRecords {

    static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    private SampleRecords() {
    }

    static Map<TopicDef<?>, SpecificRecord> all() {
        return Map.of(
                Topics.REQUESTS, request(),
                Topics.TELEMETRY, telemetry(),
                Topics.DEVICE_STATE, deviceState(),
                Topics.GRID_INTENSITY, intensity(),
                Topics.MODELS, manifest(),
                Topics.tasks("edge-high"), task(),
                Topics.PARTITION_RESULTS, result(),
                Topics.EMISSIONS, emission(),
                Topics.DEAD_LETTER, deadLetter());
    }

    static Tensor tensor() {
        return Tensor.newBuilder().setName("input").setDtype(TensorDataType.FLOAT32)
                .setShape(List.of(1L, 4L)).setData(ByteBuffer.wrap(new byte[16])).build();
    }

    static InferenceRequest request() {
        return InferenceRequest.newBuilder().setRequestId("r-1").setModelId("mnist-cnn").setInputs(List.of(tensor()))
                .setPolicy("green").setLatencySloMillis(120.0).setSubmittedAt(T0).setDeadlineAt(T0.plusSeconds(30))
                .setClientId("test").setAttributes(Map.of("team", "edge")).build();
    }

    static DeviceTelemetry telemetry() {
        return DeviceTelemetry.newBuilder().setDeviceId("edge-high").setZone("DE").setProfile("paper-high")
                .setObservedAt(T0).setCpuQuota(1.0).setMemoryBytes(1L << 30).setFreeMemoryBytes(1L << 29)
                .setIdleWatts(2.7).setMaxWatts(6.3).setEmbodiedKgco2e(50).setLifetimeHours(26280)
                .setUtilization(0.5).setPowerWatts(4.5).setPowerSource("MODEL").setQueueDepth(2).setTasksInFlight(1)
                .setTasksCompleted(10).setAvgExecutionMillis(Map.of("mnist-cnn/0", 1.5)).setStatus(DeviceStatus.UP).build();
    }

    static DeviceState deviceState() {
        return DeviceState.newBuilder().setDeviceId("edge-high").setZone("DE").setProfile("paper-high")
                .setCpuQuota(1.0).setMemoryBytes(1L << 30).setFreeMemoryBytes(1L << 29).setIdleWatts(2.7)
                .setMaxWatts(6.3).setLoad(0.4).setPowerWatts(4.0).setQueueDepth(1).setTaskCount(2)
                .setAvgExecutionMillis(Map.of("mnist-cnn/0", 1.5)).setLastHeartbeatAt(T0)
                .setStatus(DeviceStatus.UP).setUpdatedAt(T0).build();
    }

    static GridIntensity intensity() {
        return GridIntensity.newBuilder().setZone("DE").setValidFrom(T0).setValidTo(T0.plusSeconds(3600))
                .setGco2PerKwh(329.3).setSignal(SignalType.AVERAGE).setKind(IntensityKind.MEASURED)
                .setSource("electricitymaps-csv").setPublishedAt(T0).build();
    }

    static ModelManifest manifest() {
        TensorSpec in = TensorSpec.newBuilder().setName("input").setDtype(TensorDataType.FLOAT32).setShape(List.of(1L, 4L)).build();
        TensorSpec out = TensorSpec.newBuilder().setName("out").setDtype(TensorDataType.FLOAT32).setShape(List.of(1L, 2L)).build();
        PartitionSpec part = PartitionSpec.newBuilder().setIndex(0).setFile("part-0.onnx").setSha256("ab")
                .setInputs(List.of(in)).setOutputs(List.of(out)).setMacs(8).setParameterBytes(40).setOutputBytes(8)
                .setNodeCount(1).build();
        return ModelManifest.newBuilder().setModelId("mnist-cnn").setVersion(1).setInputs(List.of(in))
                .setOutputs(List.of(out)).setTotalMacs(8).setTotalParameterBytes(40).setPartitions(List.of(part))
                .setCreatedAt(T0).build();
    }

    static ExecutionPlan plan() {
        PlanStage stage = PlanStage.newBuilder().setStageIndex(0).setDeviceId("edge-high").setZone("DE")
                .setFirstPartition(0).setLastPartition(0).setExpectedComputeMillis(1.0).setExpectedEnergyJoules(0.01)
                .setExpectedGco2(1e-6).setOutputBytes(0).build();
        return ExecutionPlan.newBuilder().setPolicy("green").setModelVersion(1).setStages(List.of(stage))
                .setPlannedAt(T0).setSchedulingNanos(1200).setExpectedLatencyMillis(1.0).setExpectedGco2(1e-6)
                .setLatencySloMillis(120.0).build();
    }

    static PartitionTask task() {
        return PartitionTask.newBuilder().setRequestId("r-1").setModelId("mnist-cnn").setPlan(plan()).setStageIndex(0)
                .setInputs(List.of(tensor())).setSubmittedAt(T0).setDispatchedAt(T0).setAttempt(0).build();
    }

    static PartitionResult result() {
        return PartitionResult.newBuilder().setRequestId("r-1").setModelId("mnist-cnn").setPlan(plan()).setStageIndex(0)
                .setAttempt(0).setDeviceId("edge-high").setZone("DE").setSubmittedAt(T0).setStartedAt(T0)
                .setEndedAt(T0.plusMillis(2)).setComputeNanos(1_500_000).setQueueNanos(10_000).setEnergyJoules(0.009)
                .setEnergySource("MODEL").setBytesIn(16).setBytesOut(8).setStatus(PartitionStatus.OK)
                .setOutputs(List.of(tensor())).build();
    }

    static EmissionRecord emission() {
        StageEmission part = StageEmission.newBuilder().setStageIndex(0).setDeviceId("edge-high").setZone("DE")
                .setFirstPartition(0).setLastPartition(0).setStartedAt(T0).setComputeMillis(1.5).setEnergyJoules(0.009)
                .setGco2PerKwh(329.3).setIntensityKind(IntensityKind.MEASURED).setGco2(8.2e-7).build();
        TransferEmission transfer = TransferEmission.newBuilder().setFromDeviceId("edge-high").setToDeviceId("edge-green")
                .setBytes(1024).setEnergyJoules(1e-4).setGco2PerKwh(329.3).setGco2(1e-8).build();
        return EmissionRecord.newBuilder().setRequestId("r-1").setModelId("mnist-cnn").setPolicy("green")
                .setStatus(InferenceStatus.OK).setSubmittedAt(T0).setCompletedAt(T0.plusMillis(3)).setLatencyMillis(3.0)
                .setSchedulingNanos(1200).setParts(List.of(part)).setTransfers(List.of(transfer)).setEnergyJoules(0.0091)
                .setOperationalGco2(8.2e-7).setTransferGco2(1e-8).setEmbodiedGco2(1e-7).setTotalGco2(9.3e-7)
                .setMarginalGco2(null).setSignal(SignalType.AVERAGE).setIntensityKind(IntensityKind.MEASURED)
                .setPue(1.0).setAttributes(Map.of("team", "edge")).build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder().setSourceTopic("carbonedge.requests").setSourcePartition(0).setSourceOffset(42)
                .setKey(ByteBuffer.wrap(new byte[]{1})).setValue(ByteBuffer.wrap(new byte[]{2, 3})).setReason("bad")
                .setErrorClass("java.lang.IllegalArgumentException").setService("test").setFailedAt(T0).build();
    }
}
