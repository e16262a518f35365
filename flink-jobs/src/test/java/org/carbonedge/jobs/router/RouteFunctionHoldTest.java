package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.carbonedge.avro.HeldRequest;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanDeferral;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.TestRecords;
import org.carbonedge.core.routing.HoldTicket;
import org.carbonedge.core.routing.RoutingFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holding deferrable requests in the router's keyed function, under Flink's harness: a held request keeps its
 * Kafka position and ticket (no tensors), is announced, decided again every slot, released at the forecast's clean
 * hour with the hold on its plan, read back from its position; across a snapshot and restore none is lost or
 * released twice; one that cannot be read back ends REJECTED with the reason; nothing is left behind.
 */
class RouteFunctionHoldTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final long NOW = T0.toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final long SLOT = Duration.ofMinutes(15).toMillis();
    /** What "Kafka" holds, by "partition:offset": the test's stand-in for the validated-requests topic. */
    private static final Map<String, InferenceRequest> LOG = new ConcurrentHashMap<>();

    private final RouterConfig config = staleAfter(RouterConfig.defaults(), Duration.ofDays(3));
    private KeyedBroadcastOperatorTestHarness<String, PositionedRequest, RouterUpdate, PartitionTask> harness;

    /** Reads from {@link #LOG}; a missing position is what retention would do. */
    static final class LogReader implements HeldRequestReader {
        @Override
        public InferenceRequest read(String requestId, int partition, long offset) {
            InferenceRequest r = LOG.get(partition + ":" + offset);
            if (r == null) {
                throw new HeldRequestUnreadable("the held request is no longer at " + partition + ":" + offset, null);
            }
            return r;
        }
    }

    /** {@code c} with another heartbeat staleness (the tests' one device state must stay fresh for hours). */
    static RouterConfig staleAfterForTests(RouterConfig c, Duration staleness) {
        return staleAfter(c, staleness);
    }

    private static RouterConfig staleAfter(RouterConfig c, Duration staleness) {
        return new RouterConfig(c.planner(), c.accounting(), c.intensityLimits(), c.defaultDeadline(), c.firstRetry(),
                c.maxRetry(), c.defaultNanosPerMac(), staleness, c.maxRequestBytes(), c.checkpointInterval(),
                c.groupId(), c.service(), c.delivery(), c.seenRetention(), c.maxClockSkew(), c.deferral(), c.objectives());
    }

    private KeyedBroadcastOperatorTestHarness<String, PositionedRequest, RouterUpdate, PartitionTask> harness(
            OperatorSubtaskState restoreFrom) throws Exception {
        var operator = new CoBroadcastWithKeyedOperator<>(new RouteFunction(config, LogReader::new),
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

    @BeforeEach
    void setUp() throws Exception {
        LOG.clear();
        harness = harness(null);
        harness.processBroadcastElement(RouterUpdate.of(heavy()), NOW);
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge", "GB", 1.0, T0)), NOW);
        // measured now 400; forecast 300 until 15:00, 100 from 15:00 to 16:00, 350 after
        harness.processBroadcastElement(RouterUpdate.of(TestRecords.hour("GB", T0, 400, IntensityKind.MEASURED)), NOW);
        forecast(T0, 3, 300, T0);
        forecast(T0.plusMillis(3 * HOUR), 1, 100, T0);
        forecast(T0.plusMillis(4 * HOUR), 20, 350, T0);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void forecast(Instant from, int hours, double gco2PerKwh, Instant issuedAt) throws Exception {
        for (int h = 0; h < hours; h++) {
            Instant start = from.plusMillis(h * HOUR);
            harness.processBroadcastElement(RouterUpdate.of(TestRecords.intensity("GB", start, start.plusMillis(HOUR),
                    gco2PerKwh, SignalType.AVERAGE, IntensityKind.FORECAST, issuedAt)), issuedAt.toEpochMilli());
        }
    }

    /** The fixture model with 2 × 5 G multiply-adds (~0.4 s of device time). */
    private static ModelManifest heavy() {
        ModelManifest m = RoutingFixtures.manifest();
        List<PartitionSpec> parts = new ArrayList<>();
        for (PartitionSpec p : m.getPartitions()) {
            parts.add(PartitionSpec.newBuilder(p).setMacs(5_000_000_000L).build());
        }
        return ModelManifest.newBuilder(m).setTotalMacs(10_000_000_000L).setPartitions(parts).build();
    }

    /** A deferrable request with an 8 h deadline, written to the log at {@code offset}. */
    private PositionedRequest deferrable(String id, long offset) {
        InferenceRequest r = InferenceRequest.newBuilder(RoutingFixtures.request(id, "green",
                RoutingFixtures.floats("x", 1, 4), T0)).setDeferrable(true).setDeadlineAt(T0.plusMillis(8 * HOUR)).build();
        LOG.put("2:" + offset, r);
        return new PositionedRequest(r, 2, offset);
    }

    private int keyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /** Moves the clock in steps of a minute, as timers would fire on a running job. */
    private static void advance(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h, long from, long to) throws Exception {
        for (long t = from; t <= to; t += 60_000) {
            h.setProcessingTime(t);
        }
        h.setProcessingTime(to);
    }

    private List<HeldRequest> notices(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        List<HeldRequest> out = new ArrayList<>();
        var side = h.getSideOutput(RouteFunction.HELD);
        if (side != null) {
            side.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    @Test
    void theTicketIsAPojoNotAKryoBlob() {
        assertThat(TypeInformation.of(HoldTicket.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(PositionedRequest.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void aHeldRequestKeepsItsPositionNotItsTensorsAndIsReleasedAtTheCleanHourWithTheHoldOnItsPlan() throws Exception {
        harness.processElement(deferrable("d1", 5), NOW);

        assertThat(harness.extractOutputValues()).as("not run now").isEmpty();
        assertThat(notices(harness)).singleElement().satisfies(n -> {
            assertThat(n.getRequestId()).isEqualTo("d1");
            assertThat(n.getReleaseAt()).isEqualTo(T0.plusMillis(3 * HOUR));
            assertThat(n.getExpectedGco2()).isLessThan(n.getRunNowGco2());
        });
        // the duplicate marker, the ticket, the position, the timer: no request (tensors) in state
        assertThat(keyedStateEntries(harness)).isEqualTo(4);
        assertThat(harness.numProcessingTimeTimers()).as("a review timer and the marker's cleanup").isEqualTo(2);

        advance(harness, NOW, NOW + 3 * HOUR - 60_000);
        assertThat(harness.extractOutputValues()).as("still held a minute before").isEmpty();
        advance(harness, NOW + 3 * HOUR - 60_000, NOW + 3 * HOUR);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(t -> {
            assertThat(t.getRequestId()).isEqualTo("d1");
            assertThat(t.getInputs()).as("read back from its position").isEqualTo(LOG.get("2:5").getInputs());
            PlanDeferral d = t.getPlan().getDeferral();
            assertThat(d.getHeldAt()).isEqualTo(T0);
            assertThat(d.getReleasedAt()).isEqualTo(T0.plusMillis(3 * HOUR));
            assertThat(d.getGco2PerKwhAtHold()).containsEntry("GB", 400.0);
        });
        assertThat(notices(harness)).as("no move, no new notice").hasSize(1);

        advance(harness, NOW + 3 * HOUR, NOW + 3 * HOUR + config.seenRetention().toMillis() + 60_000);
        assertThat(keyedStateEntries(harness)).as("nothing left behind").isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aRestoreFromASnapshotLosesNoHeldRequestAndReleasesNoneTwice() throws Exception {
        for (int i = 0; i < 5; i++) {
            harness.processElement(deferrable("r" + i, 10 + i), NOW);
        }
        advance(harness, NOW, NOW + HOUR);
        OperatorSubtaskState snapshot = harness.snapshot(1, NOW + HOUR);
        harness.close();

        harness = harness(snapshot); // as after a crash: the job restarts from its last checkpoint
        harness.setProcessingTime(NOW + HOUR);
        harness.processBroadcastElement(RouterUpdate.of(RoutingFixtures.device("edge", "GB", 1.0,
                T0.plusMillis(HOUR))), NOW + HOUR);
        assertThat(harness.extractOutputValues()).isEmpty();
        advance(harness, NOW + HOUR, NOW + 5 * HOUR);

        List<String> released = harness.extractOutputValues().stream().map(PartitionTask::getRequestId).toList();
        assertThat(released).containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4");
        assertThat(harness.extractOutputValues()).allSatisfy(t ->
                assertThat(t.getPlan().getDeferral().getHeldAt()).isEqualTo(T0));
        advance(harness, NOW + 5 * HOUR, NOW + 9 * HOUR);
        assertThat(harness.extractOutputValues()).as("and nothing more later").hasSize(5);
    }

    @Test
    void aNewerForecastMovesTheReleaseAndSaysSo() throws Exception {
        harness.processElement(deferrable("m1", 1), NOW);
        advance(harness, NOW, NOW + 20 * 60_000);
        // a newer issue: 13:00-14:00 will be 50, cleaner than 15:00's 100
        forecast(T0.plusMillis(HOUR), 1, 50, T0.plusMillis(20 * 60_000));
        advance(harness, NOW + 20 * 60_000, NOW + HOUR);
        List<HeldRequest> notices = notices(harness);
        assertThat(notices).hasSize(2);
        assertThat(notices.get(1).getReleaseAt()).isEqualTo(T0.plusMillis(HOUR));
        assertThat(notices.get(1).getHeldAt()).as("held since the first decision").isEqualTo(T0);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(t -> assertThat(t.getPlan().getDeferral().getReleasedAt()).isEqualTo(T0.plusMillis(HOUR)));
    }

    @Test
    void aHeldRequestThatCannotBeReadBackEndsRejectedWithTheReason() throws Exception {
        harness.processElement(deferrable("gone", 7), NOW);
        LOG.remove("2:7"); // deleted by retention, say
        advance(harness, NOW, NOW + 3 * HOUR);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(RouteFunction.REJECTED)).singleElement().satisfies(r -> {
            assertThat(r.getValue().getRequestId()).isEqualTo("gone");
            assertThat(r.getValue().getStatus()).isEqualTo(InferenceStatus.REJECTED);
            assertThat(r.getValue().getReason()).contains("no longer at 2:7");
            assertThat(r.getValue().getSubmittedAt()).isEqualTo(T0);
        });
        advance(harness, NOW + 3 * HOUR, NOW + 3 * HOUR + config.seenRetention().toMillis() + 60_000);
        assertThat(keyedStateEntries(harness)).isZero();
    }

    @Test
    void heldStateIsSmallPerRequest() throws Exception {
        int count = Integer.getInteger("carbonedge.heldStateRequests", 10_000);
        OperatorSubtaskState empty = harness.snapshot(1, NOW);
        long base = empty.getStateSize();
        for (int i = 0; i < count; i++) {
            harness.processElement(deferrable(String.format("req-%08d", i), i), NOW);
        }
        LOG.clear();
        long size = harness.snapshot(2, NOW).getStateSize();
        double perRequest = (double) (size - base) / count;
        System.out.printf("bench=held-state held=%d state_bytes=%d bytes_per_held_request=%.1f%n", count, size, perRequest);
        assertThat(perRequest).as("bytes of keyed state per held request").isLessThan(400);
    }
}
