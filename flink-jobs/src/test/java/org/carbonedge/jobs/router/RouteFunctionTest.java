package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.core.routing.RoutingFixtures;
import org.carbonedge.jobs.kafka.DeadLetters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router's keyed broadcast function under Flink's operator harness: outputs, retries, rejection, no leftovers. */
class RouteFunctionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final long NOW = T0.toEpochMilli();
    private final RouterConfig config = RouterConfig.defaults().withDeadline(Duration.ofSeconds(2));
    private KeyedBroadcastOperatorTestHarness<String, PositionedRequest, RouterUpdate, PartitionTask> harness;

    @BeforeEach
    void setUp() throws Exception {
        var operator = new CoBroadcastWithKeyedOperator<>(new RouteFunction(config),
                List.of(RouteFunction.DEVICES, RouteFunction.MODELS, RouteFunction.INTENSITY));
        harness = new KeyedBroadcastOperatorTestHarness<>(operator, new RouterJob.ByRequestId(), Types.STRING, 1, 1, 0);
        harness.setup();
        harness.open();
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** Keyed state entries left in the heap backend: 0 once every request is routed or rejected. */
    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /**
     * A finished request leaves only its duplicate marker and the marker's cleanup timer, and nothing once the
     * retention has passed.
     */
    private void onlyTheMarkerIsLeftAndNothingAfterTheRetention() throws Exception {
        assertThat(keyedStateEntries()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        harness.setProcessingTime(NOW + config.seenRetention().toMillis() + 2_100);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    private InferenceRequest request(String id) {
        return RoutingFixtures.request(id, "green", RoutingFixtures.floats("x", 1, 4), T0);
    }

    @Test
    void aRequestIsRoutedAtOnceWhenTablesAreKnownAndLeavesNothingBehind() throws Exception {
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.manifest()), NOW);
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge-1", "FR", 1.0, T0)), NOW);
        harness.processElement(PositionedRequest.of(request("r1")), NOW);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(t -> {
            assertThat(t.getRequestId()).isEqualTo("r1");
            assertThat(t.getStageIndex()).isZero();
            assertThat(t.getPlan().getStages().get(0).getDeviceId()).isEqualTo("edge-1");
        });
        onlyTheMarkerIsLeftAndNothingAfterTheRetention();
    }

    @Test
    void aRequestWaitsForADeviceAndIsRoutedOnRetry() throws Exception {
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.manifest()), NOW);
        harness.processElement(PositionedRequest.of(request("r2")), NOW);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2); // the retry and the duplicate marker's cleanup
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge-1", "FR", 1.0, T0)), NOW + 50);
        harness.setProcessingTime(NOW + 100);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(t -> assertThat(t.getRequestId()).isEqualTo("r2"));
        onlyTheMarkerIsLeftAndNothingAfterTheRetention();
    }

    @Test
    void aRequestNoDeviceCanTakeIsRejectedAtItsDeadline() throws Exception {
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.manifest()), NOW);
        harness.processElement(PositionedRequest.of(request("r3")), NOW);
        for (long t = NOW; t <= NOW + 2_100; t += 100) {
            harness.setProcessingTime(t);
        }
        assertThat(harness.extractOutputValues()).isEmpty();
        var rejected = harness.getSideOutput(RouteFunction.REJECTED);
        assertThat(rejected).singleElement().satisfies(r -> {
            EmissionRecord e = r.getValue();
            assertThat(e.getStatus()).isEqualTo(InferenceStatus.REJECTED);
            assertThat(e.getReason()).contains("no device has reported yet").contains("deadline");
            assertThat(e.getTotalGco2()).isZero();
        });
        onlyTheMarkerIsLeftAndNothingAfterTheRetention();
    }

    @Test
    void aFloorThatCannotBeServedEndsRejectedAtOnceWithTheReason() throws Exception {
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.manifest()), NOW);
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge-1", "FR", 1.0, T0)), NOW);
        InferenceRequest r = request("floor");
        r.setAccuracyFloor(0.7); // the fixture model has no registered accuracy
        harness.processElement(PositionedRequest.of(r), NOW);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(RouteFunction.REJECTED)).singleElement().satisfies(e -> {
            assertThat(e.getValue().getStatus()).isEqualTo(InferenceStatus.REJECTED);
            assertThat(e.getValue().getReason()).contains("has no usable registered accuracy");
        });
        onlyTheMarkerIsLeftAndNothingAfterTheRetention();
    }

    @Test
    void anInvalidRequestIsDeadLetteredWithTheReason() throws Exception {
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.manifest()), NOW);
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge-1", "FR", 1.0, T0)), NOW);
        harness.processElement(PositionedRequest.of(RoutingFixtures.request("r4", "green", RoutingFixtures.floats("x", 2, 4), T0)), NOW);
        assertThat(harness.extractOutputValues()).isEmpty();
        var letters = harness.getSideOutput(DeadLetters.TAG);
        assertThat(letters).singleElement().satisfies(r -> {
            DeadLetter l = r.getValue();
            assertThat(l.getReason()).isEqualTo("input 'x' must have shape [1, 4], was [2, 4]");
            assertThat(l.getSourceTopic()).isEqualTo("carbonedge.validated-requests");
            assertThat(l.getService()).isEqualTo("router");
        });
        onlyTheMarkerIsLeftAndNothingAfterTheRetention();
    }

    @Test
    void tablesSurviveASnapshotAndRestore() throws Exception {
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.manifest()), NOW);
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge-1", "FR", 1.0, T0)), NOW);
        var snapshot = harness.snapshot(1, NOW);
        harness.close();
        var operator = new CoBroadcastWithKeyedOperator<>(new RouteFunction(config),
                List.of(RouteFunction.DEVICES, RouteFunction.MODELS, RouteFunction.INTENSITY));
        harness = new KeyedBroadcastOperatorTestHarness<>(operator, new RouterJob.ByRequestId(), Types.STRING, 1, 1, 0);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(NOW);
        harness.processElement(PositionedRequest.of(request("r5")), NOW);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(t -> assertThat(t.getRequestId()).isEqualTo("r5"));
    }
}
