package org.carbonedge.core.routing;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;

/** A tiny two-partition model ("tiny", input x[1,4]), devices and requests, for router tests. */
public final class RoutingFixtures {

    private RoutingFixtures() {
    }

    public static ModelManifest manifest() {
        TensorSpec in = spec("x", 1, 4);
        TensorSpec mid = spec("h", 1, 8);
        TensorSpec out = spec("y", 1, 2);
        return ModelManifest.newBuilder().setModelId("tiny").setVersion(1).setInputs(List.of(in)).setOutputs(List.of(out))
                .setTotalMacs(48).setTotalParameterBytes(200).setCreatedAt(Instant.EPOCH).setPartitions(List.of(
                        part(0, in, mid, 32), part(1, mid, out, 16))).build();
    }

    public static TensorSpec spec(String name, long... shape) {
        return TensorSpec.newBuilder().setName(name).setDtype(TensorDataType.FLOAT32)
                .setShape(java.util.Arrays.stream(shape).boxed().toList()).build();
    }

    public static PartitionSpec part(int i, TensorSpec in, TensorSpec out, long macs) {
        return PartitionSpec.newBuilder().setIndex(i).setFile("part-" + i + ".onnx").setSha256("x").setInputs(List.of(in))
                .setOutputs(List.of(out)).setMacs(macs).setParameterBytes(100).setOutputBytes(32).setNodeCount(1).build();
    }

    public static DeviceState device(String id, String zone, double quota, Instant heartbeat) {
        return DeviceState.newBuilder().setDeviceId(id).setZone(zone).setProfile("p").setCpuQuota(quota)
                .setMemoryBytes(1L << 30).setFreeMemoryBytes(1L << 29).setIdleWatts(1).setMaxWatts(4).setLoad(0)
                .setPowerWatts(1).setQueueDepth(0).setTaskCount(0).setAvgExecutionMillis(Map.of())
                .setLastHeartbeatAt(heartbeat).setStatus(DeviceStatus.UP).setUpdatedAt(heartbeat).build();
    }

    public static InferenceRequest request(String requestId, String policy, Tensor input, Instant submittedAt) {
        return InferenceRequest.newBuilder().setRequestId(requestId).setModelId("tiny").setInputs(List.of(input))
                .setPolicy(policy).setSubmittedAt(submittedAt).build();
    }

    public static Tensor floats(String name, long... shape) {
        long n = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return Tensor.newBuilder().setName(name).setDtype(TensorDataType.FLOAT32)
                .setShape(java.util.Arrays.stream(shape).boxed().toList()).setData(ByteBuffer.allocate((int) n * 4)).build();
    }

    /**
     * The fixture model as a variant of family {@code fam}: each partition {@code share} of 1 G multiply-adds (so
     * variants differ in cost), with a top-1 {@code accuracy} (null: unknown).
     */
    public static ModelManifest variant(String id, double share, Double accuracy) {
        ModelManifest m = manifest();
        List<PartitionSpec> parts = new java.util.ArrayList<>();
        for (PartitionSpec p : m.getPartitions()) {
            parts.add(PartitionSpec.newBuilder(p).setMacs(Math.round(1_000_000_000L * share)).build());
        }
        return ModelManifest.newBuilder(m).setModelId(id).setTotalMacs(Math.round(2_000_000_000L * share))
                .setPartitions(parts).setFamily("fam").setAccuracy(accuracy == null ? null
                        : new org.carbonedge.avro.ModelAccuracy("top1", accuracy, "test figure")).build();
    }
}
