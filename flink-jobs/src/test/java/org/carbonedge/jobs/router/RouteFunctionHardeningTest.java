package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.core.routing.RoutingFixtures;
import org.carbonedge.jobs.kafka.DeadLetters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router under hostile input: one request's failure is that request's dead letter, not the job's; extreme
 * weights and times are refused with a reason; a reused request id is dead-lettered as a duplicate, also after a
 * restore, and the marker is gone after the retention.
 */
class RouteFunctionHardeningTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final long NOW = T0.toEpochMilli();
    private static final long RETENTION_MILLIS = Duration.ofMinutes(3).toMillis();
    private final RouterConfig config = RouterConfig.defaults().withDeadline(Duration.ofSeconds(2))
            .withSeenRetention(Duration.ofMillis(RETENTION_MILLIS));
    private KeyedBroadcastOperatorTestHarness<String, PositionedRequest, RouterUpdate, PartitionTask> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = open(null);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private KeyedBroadcastOperatorTestHarness<String, PositionedRequest, RouterUpdate, PartitionTask> open(
            OperatorSubtaskState restoreFrom) throws Exception {
        var operator = new CoBroadcastWithKeyedOperator<>(new RouteFunction(config),
                List.of(RouteFunction.DEVICES, RouteFunction.MODELS, RouteFunction.INTENSITY));
        var h = new KeyedBroadcastOperatorTestHarness<>(operator, new RouterJob.ByRequestId(), Types.STRING, 1, 1, 0);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        h.setProcessingTime(NOW);
        return h;
    }

    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private void tables() throws Exception {
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.manifest()), NOW);
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge-1", "FR", 1.0, T0)), NOW);
    }

    private static InferenceRequest request(String id, String policy) {
        return RoutingFixtures.request(id, policy, RoutingFixtures.floats("x", 1, 4), T0);
    }

    /** A device state the tables cannot read (no heartbeat: impossible on the wire, so routing it throws). */
    private static DeviceState brokenDevice() {
        DeviceState broken = RoutingFixtures.device("edge-2", "DE", 1.0, T0);
        broken.put("lastHeartbeatAt", null);
        return broken;
    }

    private List<DeadLetter> deadLetters() {
        var letters = harness.getSideOutput(DeadLetters.TAG);
        return letters == null ? List.of() : letters.stream().map(r -> r.getValue()).toList();
    }

    private List<String> routedIds() {
        return harness.extractOutputValues().stream().map(t -> t.getRequestId().toString()).toList();
    }

    @Test
    void theHostileTestersWeightsAreRefusedWithTheReasonAndTheNextRequestRoutes() throws Exception {
        tables();
        harness.processElement(PositionedRequest.of(request("hostile", "custom:1e308,1e308,1e308,1e308,1e308")), NOW);
        harness.processElement(PositionedRequest.of(request("after", "green")), NOW);
        assertThat(deadLetters()).singleElement().satisfies(l ->
                assertThat(l.getReason()).contains("weights must be at most 1000000.0"));
        assertThat(routedIds()).containsExactly("after");
    }

    @Test
    void aSubmissionTenYearsAheadIsRefusedNotRunWithANegativeLatency() throws Exception {
        tables();
        InferenceRequest future = RoutingFixtures.request("future", "green", RoutingFixtures.floats("x", 1, 4),
                T0.plus(Duration.ofDays(3650)));
        harness.processElement(PositionedRequest.of(future), NOW);
        assertThat(routedIds()).isEmpty();
        assertThat(deadLetters()).singleElement().satisfies(l ->
                assertThat(l.getReason()).startsWith("submittedAt 2036-").contains("ahead of the clock (2026-03-01T12:00:00Z)"));
    }

    @Test
    void aRequestWhoseRoutingThrowsIsDeadLetteredAndTheJobGoesOn() throws Exception {
        tables();
        DeviceState broken = brokenDevice();
        harness.processBroadcastElement(RouterUpdate.of(broken), NOW);
        harness.processElement(PositionedRequest.of(request("unlucky", "green")), NOW);
        assertThat(routedIds()).isEmpty();
        assertThat(deadLetters()).singleElement().satisfies(l -> {
            assertThat(l.getReason()).startsWith("routing failed: java.lang.NullPointerException");
            assertThat(l.getService()).isEqualTo("router");
            assertThat(DeadLetters.keyOf(l)).isEqualTo("unlucky");
        });
        // the job is still there: a good state for the device, and the next request routes
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge-2", "DE", 1.0, T0)), NOW);
        harness.processElement(PositionedRequest.of(request("lucky", "green")), NOW);
        assertThat(routedIds()).containsExactly("lucky");
        // nothing of either request is left once the retention has passed
        harness.setProcessingTime(NOW + RETENTION_MILLIS);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aFailureDuringARetryIsDeadLetteredAndLeavesNoRetryBehind() throws Exception {
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.manifest()), NOW);
        harness.processElement(PositionedRequest.of(request("waiting", "green")), NOW); // no device yet: waits for a retry
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2); // the retry and the marker's cleanup
        DeviceState broken = brokenDevice();
        harness.processBroadcastElement(RouterUpdate.of(broken), NOW + 10);
        harness.setProcessingTime(NOW + 100);
        assertThat(deadLetters()).singleElement().satisfies(l -> assertThat(l.getReason()).startsWith("routing failed"));
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1); // only the marker's cleanup
        assertThat(keyedStateEntries()).isEqualTo(1);
        harness.setProcessingTime(NOW + RETENTION_MILLIS);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aReusedRequestIdIsDeadLetteredAsADuplicateNotRun() throws Exception {
        tables();
        harness.processElement(PositionedRequest.of(request("twice", "green")), NOW);
        harness.setProcessingTime(NOW + 5_000);
        harness.processElement(PositionedRequest.of(request("twice", "performance")), NOW + 5_000);
        assertThat(routedIds()).containsExactly("twice");
        assertThat(deadLetters()).singleElement().satisfies(l -> {
            assertThat(l.getReason()).isEqualTo("duplicate request id 'twice', first seen at 2026-03-01T12:00:00Z;"
                    + " not run (ids are remembered for PT3M)");
            assertThat(DeadLetters.keyOf(l)).isEqualTo("twice");
        });
    }

    @Test
    void theSameRequestDeliveredAgainIsDroppedWithoutADeadLetter() throws Exception {
        tables();
        harness.processElement(PositionedRequest.of(request("again", "green")), NOW);
        harness.processElement(PositionedRequest.of(request("again", "green")), NOW + 10); // a restart of the at-least-once validation hop
        assertThat(routedIds()).containsExactly("again");
        assertThat(deadLetters()).as("a dead letter would fail the client's running request").isEmpty();
    }

    @Test
    void theDuplicateMarkerSurvivesARestoreAndIsCleanedAfterTheRetention() throws Exception {
        tables();
        harness.processElement(PositionedRequest.of(request("r1", "green")), NOW);
        OperatorSubtaskState snapshot = harness.snapshot(1, NOW);
        harness.close();
        harness = open(snapshot);
        harness.processElement(PositionedRequest.of(request("r1", "performance")), NOW + 1_000);
        assertThat(routedIds()).isEmpty();
        assertThat(deadLetters()).singleElement().satisfies(l -> assertThat(l.getReason()).startsWith("duplicate request id 'r1'"));
        assertThat(keyedStateEntries()).isEqualTo(1);
        harness.setProcessingTime(NOW + RETENTION_MILLIS - 1);
        assertThat(keyedStateEntries()).as("kept for the whole retention").isEqualTo(1);
        harness.setProcessingTime(NOW + RETENTION_MILLIS);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        // after the retention the id is free again (documented: the emissions job forgets it at the same time)
        Instant later = T0.plusMillis(RETENTION_MILLIS);
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge-1", "FR", 1.0, later)), later.toEpochMilli());
        harness.processElement(PositionedRequest.of(RoutingFixtures.request("r1", "green", RoutingFixtures.floats("x", 1, 4), later)),
                later.toEpochMilli());
        assertThat(routedIds()).containsExactly("r1");
    }

    @Test
    void aRequestStillWaitingAtTheEndOfTheRetentionKeepsItsMarker() throws Exception {
        RouterConfig longDeadline = config.withDeadline(Duration.ofMillis(RETENTION_MILLIS * 2));
        harness.close();
        var operator = new CoBroadcastWithKeyedOperator<>(new RouteFunction(longDeadline),
                List.of(RouteFunction.DEVICES, RouteFunction.MODELS, RouteFunction.INTENSITY));
        harness = new KeyedBroadcastOperatorTestHarness<>(operator, new RouterJob.ByRequestId(), Types.STRING, 1, 1, 0);
        harness.setup();
        harness.open();
        harness.setProcessingTime(NOW);
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.manifest()), NOW);
        harness.processElement(PositionedRequest.of(request("slow", "green")), NOW);
        for (long t = NOW; t <= NOW + RETENTION_MILLIS + 4_000; t += 2_000) {
            harness.setProcessingTime(t);
        }
        harness.processElement(PositionedRequest.of(request("slow", "performance")), NOW + RETENTION_MILLIS + 4_000);
        assertThat(deadLetters()).singleElement().satisfies(l -> assertThat(l.getReason()).startsWith("duplicate"));
    }
}
