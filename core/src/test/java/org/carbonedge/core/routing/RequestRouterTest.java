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
import org.carbonedge.schemas.ExecutionTimeKeys;
import org.carbonedge.schemas.validation.RequestValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestRouterTest {

    private static ModelManifest manifest() {
        return RoutingFixtures.manifest();
    }

    private static DeviceState device(String id, String zone, double quota, Instant heartbeat) {
        return RoutingFixtures.device(id, zone, quota, heartbeat);
    }

    private static InferenceRequest request(String policy, Tensor input) {
        return RoutingFixtures.request("r1", policy, input, NOW);
    }

    private static Tensor floats(String name, long... shape) {
        return RoutingFixtures.floats(name, shape);
    }


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

    @Test
    void greenRoutesToTheCleanZoneAndPerformanceToTheFastDevice() {
        tables.put(manifest());
        tables.put(device("fast-dirty", "PL", 1.0, NOW));
        tables.put(device("slow-clean", "FR", 0.5, NOW));
        var green = (RoutingDecision.Routed) router.route(request("green", floats("x", 1, 4)), NOW);
        assertThat(green.task().getPlan().getStages()).extracting(s -> s.getDeviceId()).containsOnly("slow-clean");
        assertThat(green.task().getInputs()).hasSize(1);
        assertThat(green.task().getPlan().getPolicy()).isEqualTo("green");
        var labelled = (RoutingDecision.Routed) router.route(InferenceRequest.newBuilder(request("green", floats("x", 1, 4)))
                .setAttributes(java.util.Map.of("tenant", "acme")).build(), NOW);
        assertThat(labelled.task().getPlan().getAttributes()).as("the request's labels travel with the plan")
                .isEqualTo(java.util.Map.of("tenant", "acme"));
        var perf = (RoutingDecision.Routed) router.route(request("monolithic", floats("x", 1, 4)), NOW);
        assertThat(perf.task().getPlan().getStages()).singleElement().satisfies(s -> {
            assertThat(s.getDeviceId()).isEqualTo("fast-dirty");
            assertThat(s.getFirstPartition()).isZero();
            assertThat(s.getLastPartition()).isEqualTo(1);
        });
    }

    /** Issue #19: the task count is a sample of the heartbeat's moment; the router ages it to the decision. */
    @Test
    void aTaskCountedByAnOldHeartbeatIsNotWaitedForOnceItHadTimeToFinish() {
        tables.put(manifest());
        tables.put(DeviceState.newBuilder(device("d", "PL", 1.0, NOW.minusMillis(400))).setTaskCount(1)
                .setAvgExecutionMillis(Map.of(ExecutionTimeKeys.whole("tiny"), 10.0)).build());
        assertThat(tables.devices(NOW).get(0).reportedAtEpochMillis()).isEqualTo(NOW.minusMillis(400).toEpochMilli());
        var aged = (RoutingDecision.Routed) router.route(request("monolithic", floats("x", 1, 4)), NOW);
        assertThat(aged.task().getPlan().getExpectedLatencyMillis()).as("400 ms later the 10 ms task is done")
                .isEqualTo(10.0);
        var fresh = (RoutingDecision.Routed) router.route(request("monolithic", floats("x", 1, 4)), NOW.minusMillis(396));
        assertThat(fresh.task().getPlan().getExpectedLatencyMillis()).as("4 ms later, 0.6 of it is left")
                .isCloseTo(16.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void devicesReportPartAndWholeModelTimesSeparately() {
        tables.put(manifest());
        tables.put(DeviceState.newBuilder(device("d", "PL", 1.0, NOW)).setAvgExecutionMillis(Map.of(
                ExecutionTimeKeys.partition("tiny", 0), 3.0, ExecutionTimeKeys.partition("tiny", 1), 4.0,
                ExecutionTimeKeys.whole("tiny"), 5.5, ExecutionTimeKeys.whole("unknown-model"), 1.0)).build());

        var d = tables.devices(NOW).get(0);
        assertThat(d.observedMillis().get("tiny")).containsExactly(3.0, 4.0);
        assertThat(d.observedWholeMillis()).containsOnly(Map.entry("tiny", 5.5));
        var mono = (RoutingDecision.Routed) router.route(request("monolithic", floats("x", 1, 4)), NOW);
        assertThat(mono.task().getPlan().getStages().get(0).getExpectedComputeMillis()).isEqualTo(5.5);
    }

    @Test
    void aWholeModelTimeCalibratesTheEstimateForDevicesThatNeverRanTheModel() {
        tables.put(manifest());
        tables.put(DeviceState.newBuilder(device("ran-it", "PL", 1.0, NOW))
                .setAvgExecutionMillis(Map.of(ExecutionTimeKeys.whole("tiny"), 10.0)).build());
        tables.put(device("never-ran", "PL", 0.5, NOW));

        var never = tables.devices(NOW).stream().filter(d -> d.deviceId().equals("never-ran")).findFirst().orElseThrow();
        double reference = java.util.Arrays.stream(tables.model("tiny").referenceMillis()).sum();
        assertThat(reference).as("the whole model's time at full speed").isCloseTo(10.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(never.observedMillis()).isEmpty();
        var mono = (RoutingDecision.Routed) router.route(request("monolithic", floats("x", 1, 4)), NOW);
        assertThat(mono.task().getPlan().getStages().get(0).getDeviceId()).as("10 ms beats an estimated 20 ms").isEqualTo("ran-it");
    }

    @Test
    void aLatencyObjectiveCoversTheHopsIntoTheRouterAndToTheFirstDevice() {
        tables.put(manifest());
        tables.put(DeviceState.newBuilder(device("fast-dirty", "PL", 1.0, NOW))
                .setAvgExecutionMillis(Map.of(ExecutionTimeKeys.whole("tiny"), 10.0)).build());
        tables.put(DeviceState.newBuilder(device("slow-clean", "FR", 0.5, NOW))
                .setAvgExecutionMillis(Map.of(ExecutionTimeKeys.whole("tiny"), 20.0)).build());
        var request = RoutingFixtures.request("r1", "green", floats("x", 1, 4), NOW.minusMillis(12));
        request.setLatencySloMillis(40.0);

        var fresh = (RoutingDecision.Routed) router.route(request, NOW);
        assertThat(fresh.task().getPlan().getStages().get(0).getDeviceId())
                .as("before any hop is known, 20 ms of compute fits 40 ms").isEqualTo("slow-clean");

        router.observeArrival(request, NOW);     // 12 ms from submission to planning
        assertThat(router.hopLatencyMillis()).isEqualTo(12.0);
        var budgeted = (RoutingDecision.Routed) router.route(request, NOW);
        assertThat(budgeted.task().getPlan().getStages().get(0).getDeviceId())
                .as("2 x 12 ms of hops + 20 ms > 40 ms: the greenest plan that fits").isEqualTo("fast-dirty");
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
