package org.carbonedge.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.core.carbon.Intensity;
import org.carbonedge.core.carbon.IntensityLookup;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.PlannerConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestRouterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private RoutingTables tables;
    private RequestRouter router;

    @BeforeEach
    void setUp() {
        tables = new RoutingTables(0.04, Duration.ofSeconds(5));
        IntensityLookup grid = (zone, signal, t) -> Optional.of(new Intensity(
                zone.equals("FR") ? 30 : 600, IntensityKind.MEASURED, SignalType.AVERAGE, "test"));
        router = new RequestRouter(tables, grid, new Planner(PlannerConfig.defaults()), new RequestValidator(1 << 20), 475);
    }

    static ModelManifest manifest() {
        TensorSpec in = spec("x", 1, 4);
        TensorSpec mid = spec("h", 1, 8);
        TensorSpec out = spec("y", 1, 2);
        return ModelManifest.newBuilder().setModelId("tiny").setVersion(1).setInputs(List.of(in)).setOutputs(List.of(out))
                .setTotalMacs(48).setTotalParameterBytes(200).setCreatedAt(NOW).setPartitions(List.of(
                        part(0, in, mid, 32), part(1, mid, out, 16))).build();
    }

    static TensorSpec spec(String name, long... shape) {
        return TensorSpec.newBuilder().setName(name).setDtype(TensorDataType.FLOAT32)
                .setShape(java.util.Arrays.stream(shape).boxed().toList()).build();
    }

    static PartitionSpec part(int i, TensorSpec in, TensorSpec out, long macs) {
        return PartitionSpec.newBuilder().setIndex(i).setFile("part-" + i + ".onnx").setSha256("x").setInputs(List.of(in))
                .setOutputs(List.of(out)).setMacs(macs).setParameterBytes(100).setOutputBytes(32).setNodeCount(1).build();
    }

    static DeviceState device(String id, String zone, double quota, Instant heartbeat) {
        return DeviceState.newBuilder().setDeviceId(id).setZone(zone).setProfile("p").setCpuQuota(quota)
                .setMemoryBytes(1L << 30).setFreeMemoryBytes(1L << 29).setIdleWatts(1).setMaxWatts(4).setLoad(0)
                .setPowerWatts(1).setQueueDepth(0).setTaskCount(0).setAvgExecutionMillis(Map.of())
                .setLastHeartbeatAt(heartbeat).setStatus(DeviceStatus.UP).setUpdatedAt(heartbeat).build();
    }

    static InferenceRequest request(String policy, Tensor input) {
        return InferenceRequest.newBuilder().setRequestId("r1").setModelId("tiny").setInputs(List.of(input))
                .setPolicy(policy).setSubmittedAt(NOW).build();
    }

    static Tensor floats(String name, long... shape) {
        long n = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return Tensor.newBuilder().setName(name).setDtype(TensorDataType.FLOAT32)
                .setShape(java.util.Arrays.stream(shape).boxed().toList()).setData(ByteBuffer.allocate((int) n * 4)).build();
    }

    @Test
    void greenRoutesToTheCleanZoneAndPerformanceToTheFastDevice() {
        tables.put(manifest());
        tables.put(device("fast-dirty", "PL", 1.0, NOW));
        tables.put(device("slow-clean", "FR", 0.5, NOW));
        var green = (RoutingDecision.Routed) router.route(request("green", floats("x", 1, 4)), NOW);
        assertThat(green.task().getPlan().getStages()).extracting(s -> s.getDeviceId()).containsOnly("slow-clean");
        assertThat(green.task().getInputs()).hasSize(1);
        assertThat(green.task().getPlan().getPolicy()).isEqualTo("green");
        var perf = (RoutingDecision.Routed) router.route(request("monolithic", floats("x", 1, 4)), NOW);
        assertThat(perf.task().getPlan().getStages()).singleElement().satisfies(s -> {
            assertThat(s.getDeviceId()).isEqualTo("fast-dirty");
            assertThat(s.getFirstPartition()).isZero();
            assertThat(s.getLastPartition()).isEqualTo(1);
        });
    }

    @Test
    void unknownModelsAndMissingDevicesAreRetriedNotRejected() {
        assertThat(router.route(request("green", floats("x", 1, 4)), NOW)).isInstanceOf(RoutingDecision.Retry.class);
        tables.put(manifest());
        assertThat(router.route(request("green", floats("x", 1, 4)), NOW))
                .isEqualTo(new RoutingDecision.Retry("no device has reported yet"));
        tables.put(device("old", "FR", 1.0, NOW.minusSeconds(60)));
        assertThat(router.route(request("green", floats("x", 1, 4)), NOW)).isInstanceOf(RoutingDecision.Retry.class);
    }

    @Test
    void badRequestsAreInvalidWithTheReason() {
        tables.put(manifest());
        tables.put(device("d", "FR", 1.0, NOW));
        assertThat(router.route(request("green", floats("x", 1, 5)), NOW))
                .isEqualTo(new RoutingDecision.Invalid("input 'x' must have shape [1, 4], was [1, 5]"));
        assertThat(router.route(request("green", floats("z", 1, 4)), NOW))
                .isEqualTo(new RoutingDecision.Invalid("missing input 'x' of model tiny"));
        assertThat(router.route(request("purple", floats("x", 1, 4)), NOW))
                .isInstanceOf(RoutingDecision.Invalid.class);
        Tensor truncated = Tensor.newBuilder(floats("x", 1, 4)).setData(ByteBuffer.allocate(3)).build();
        assertThat(((RoutingDecision.Invalid) router.route(request("green", truncated), NOW)).reason())
                .contains("has 3 bytes");
    }
}
