package org.carbonedge.jobs.emissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.carbonedge.core.carbon.TestRecords.T0;
import static org.carbonedge.core.carbon.TestRecords.device;
import static org.carbonedge.core.carbon.TestRecords.hour;
import static org.carbonedge.core.carbon.TestRecords.ok;
import static org.carbonedge.core.carbon.TestRecords.task;

import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.core.carbon.AccountingConfig;
import org.carbonedge.core.carbon.TestRecords;
import org.carbonedge.jobs.kafka.KafkaSinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The accounting operator under Flink's keyed-broadcast harness: outputs, timers, re-dispatch, and no leftovers. */
class EmissionsFunctionTest {

    private static final long NOW = T0.plusSeconds(1).toEpochMilli();
    private static final long TIMEOUT = 30_000;

    private final EmissionsConfig config = EmissionsConfig.defaults()
            .withAccounting(new AccountingConfig(1.0, 0.002, AccountingConfig.ieaGlobalAverage2019()));
    private final ExecutionPlan plan = TestRecords.twoStagePlan();
    private KeyedBroadcastOperatorTestHarness<String, RequestEvent, ContextUpdate, EmissionRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aRequestCompletedBeforeAnyIntensityWasReadIsHeldUntilIntensityArrives() throws Exception {
        result(stage0());
        result(stage1());
        assertThat(harness.extractOutputValues()).as("held: no intensity read yet").isEmpty();
        intensities();
        harness.setProcessingTime(NOW + EmissionsFunction.HOLD_RECHECK_MILLIS);
        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getParts()).extracting(StageEmission::getGco2PerKwh).containsExactly(300.0, 50.0);
        assertThat(r.getIntensityKind()).isEqualTo(IntensityKind.MEASURED);
    }

    @Test
    void aHeldRequestIsAccountedWithTheDefaultWhenNoIntensityArrivesInTime() throws Exception {
        result(stage0());
        result(stage1());
        for (long t = NOW; t <= NOW + EmissionsFunction.STARTUP_INTENSITY_GRACE_MILLIS; t += EmissionsFunction.HOLD_RECHECK_MILLIS) {
            harness.setProcessingTime(t);
        }
        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getIntensityKind()).isEqualTo(IntensityKind.ESTIMATED);
        assertThat(r.getParts()).extracting(StageEmission::getGco2PerKwh).containsOnly(475.0);
    }

    @Test
    void allStagesOkGiveOneRecordWithTheIntensityValidWhenEachStageRanAndLeaveNothingBehind() throws Exception {
        intensities();
        result(stage1());            // out of order
        assertThat(harness.numProcessingTimeTimers()).as("request timer armed").isEqualTo(1);
        result(stage0());
        result(stage0());            // duplicate (same stage and attempt)

        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getStatus()).isEqualTo(InferenceStatus.OK);
        // stage 0 ran at T0+100ms in DE (300, not the 900 of the next hour): 1.8 J x 300 / 3.6e6 = 1.5e-4 g
        // stage 1 in FR: 0.9 J x 50 / 3.6e6 = 1.25e-5 g; transfer 2e6 B x 0.002 kWh/GB = 4e-6 kWh x 300 = 1.2e-3 g
        assertThat(r.getParts()).extracting(StageEmission::getGco2PerKwh).containsExactly(300.0, 50.0);
        assertThat(r.getTotalGco2()).isCloseTo(1.5e-4 + 1.25e-5 + 1.2e-3, within(1e-12));
        assertThat(r.getIntensityKind()).isEqualTo(IntensityKind.MEASURED);

        assertThat(harness.numProcessingTimeTimers()).as("no timer left").isZero();
        assertThat(keyedStateEntries()).as("no keyed state left").isZero();
        assertThat(finishedRequests(NOW)).as("remembered as finished").isEqualTo(1);
        dispatched(task("r-1", plan, 1, T0, T0.plusMillis(300))); // its stage-1 task, read after the request completed
        assertThat(keyedStateEntries()).as("a late task starts nothing").isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(finishedRequests(NOW + config.doneRetention().toMillis() * 11 / 10)).as("forgotten after the retention").isZero();
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void aHeldRequestsRecordSaysWhenItWasReleasedHowLongItWaitedAndWhatRunningAtOnceWouldHaveEmitted() throws Exception {
        intensities();
        ExecutionPlan held = ExecutionPlan.newBuilder(plan).setDeferral(new org.carbonedge.avro.PlanDeferral(
                T0.minusSeconds(3 * 3600), T0, 1.0, java.util.Map.of("DE", 600.0, "FR", 100.0), "waited 180 min")).build();
        result(PartitionResult.newBuilder(stage0()).setPlan(held).build());
        result(PartitionResult.newBuilder(stage1()).setPlan(held).build());

        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getTotalGco2()).isCloseTo(1.5e-4 + 1.25e-5 + 1.2e-3, within(1e-12));
        assertThat(r.getReleasedAt()).isEqualTo(T0);
        assertThat(r.getHeldMillis()).isEqualTo(3 * 3_600_000L);
        // the same energy at the intensities of hold time: 1.8 x 600 / 3.6e6 = 3e-4; 0.9 x 100 / 3.6e6 = 2.5e-5;
        // transfer 4e-6 kWh x 600 = 2.4e-3
        assertThat(r.getRunNowGco2()).isCloseTo(3e-4 + 2.5e-5 + 2.4e-3, within(1e-12));
    }

    @Test
    void aRejectionIsTheRecordOnlyOfARequestNothingElseHappenedTo() throws Exception {
        intensities();
        harness.processElement(RequestEvent.rejected(rejection("r-9")), NOW);
        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getStatus()).isEqualTo(InferenceStatus.REJECTED);
        assertThat(keyedStateEntries()).isZero();
        harness.processElement(RequestEvent.rejected(rejection("r-9")), NOW);   // delivered again
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void aRejectionOfARequestThatRanOnAnEarlierPlanIsIgnored() throws Exception {
        // the router re-planned r-1 after a restore, found no device and gave up; its first plan runs meanwhile
        intensities();
        result(stage0());
        harness.processElement(RequestEvent.rejected(rejection("r-1")), NOW);
        assertThat(harness.extractOutputValues()).as("nothing yet: the request is running").isEmpty();
        result(stage1());
        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getStatus()).isEqualTo(InferenceStatus.OK);
        harness.processElement(RequestEvent.rejected(rejection("r-1")), NOW);   // a later give-up after the record
        assertThat(harness.extractOutputValues()).as("one record per request").hasSize(1);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    private static EmissionRecord rejection(String requestId) {
        return EmissionRecord.newBuilder().setRequestId(requestId).setModelId("tiny").setPolicy("green")
                .setStatus(InferenceStatus.REJECTED).setReason("no eligible device (gave up at the deadline)")
                .setSubmittedAt(T0).setCompletedAt(T0.plusSeconds(30)).setLatencyMillis(30_000).setSchedulingNanos(0)
                .setParts(java.util.List.of()).setTransfers(java.util.List.of()).setEnergyJoules(0)
                .setOperationalGco2(0).setTransferGco2(0).setEmbodiedGco2(0).setTotalGco2(0).setMarginalGco2(null)
                .setSignal(org.carbonedge.avro.SignalType.AVERAGE).setIntensityKind(IntensityKind.ESTIMATED).setPue(1.0)
                .setAttributes(java.util.Map.of()).build();
    }

    @Test
    void anErrorResultEndsTheRequestFailedWithWhatCompleted() throws Exception {
        intensities();
        result(stage0());
        PartitionResult error = TestRecords.error("r-1", plan, 1, T0, T0.plusMillis(400), "out of memory");
        result(error);
        result(error);               // duplicate error
        result(stage1());            // late success of the failed stage

        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getStatus()).isEqualTo(InferenceStatus.FAILED);
        assertThat(r.getReason()).isEqualTo("stage 1 failed on dev-b: out of memory; completed stages [0]");
        assertThat(r.getParts()).extracting(StageEmission::getStageIndex).containsExactly(0);
        assertThat(r.getCompletedAt()).isEqualTo(T0.plusMillis(400));
        assertNothingLeftAfterRetention();
    }

    @Test
    void aMissingStageOnALiveDeviceFailsAfterTheTimeout() throws Exception {
        result(stage0());
        dispatched(task("r-1", plan, 1, T0, T0.plusMillis(300)));
        harness.processBroadcastElement(ContextUpdate.of(device("dev-b", "FR", DeviceStatus.UP,
                Instant.ofEpochMilli(NOW + TIMEOUT - 1_000), 0.5)), NOW);

        harness.setProcessingTime(NOW + TIMEOUT - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(NOW + TIMEOUT);

        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getStatus()).isEqualTo(InferenceStatus.FAILED);
        assertThat(r.getReason()).startsWith("stage 1 did not report within 30000 ms; device dev-b is alive")
                .endsWith("completed stages [0]");
        assertThat(r.getCompletedAt()).isEqualTo(Instant.ofEpochMilli(NOW + TIMEOUT));
        assertThat(harness.getSideOutput(EmissionsFunction.REDISPATCHED)).isNull();
        assertNothingLeftAfterRetention();
    }

    @Test
    void aStageOfADownDeviceIsRedispatchedOnceToTheLeastBusyUpDeviceAndThenCompletes() throws Exception {
        intensities();
        harness.processBroadcastElement(ContextUpdate.of(hour("PL", T0, 700, IntensityKind.MEASURED)), NOW);
        result(stage0());
        PartitionTask stored = task("r-1", plan, 1, T0, T0.plusMillis(300));
        dispatched(stored);
        Instant fresh = Instant.ofEpochMilli(NOW + TIMEOUT - 1_000);
        for (var d : List.of(
                device("dev-b", "FR", DeviceStatus.DOWN, fresh, 0.0),
                device("dev-c", "PL", DeviceStatus.UP, fresh, 0.2),
                device("dev-d", "SE", DeviceStatus.UP, fresh, 0.6),
                device("dev-e", "NO", DeviceStatus.DRAINING, fresh, 0.0),
                device("dev-f", "ES", DeviceStatus.UP, Instant.ofEpochMilli(NOW), 0.0))) { // stale heartbeat
            harness.processBroadcastElement(ContextUpdate.of(d), NOW);
        }

        harness.setProcessingTime(NOW + TIMEOUT);

        assertThat(harness.extractOutputValues()).isEmpty();
        RedispatchOrder order = single(values(harness.getSideOutput(EmissionsFunction.REDISPATCHED)));
        assertThat(order.attempt).isEqualTo(1);
        assertThat(order.stageIndex).isEqualTo(1);
        assertThat(order.dispatchedAt).isEqualTo(Instant.ofEpochMilli(NOW + TIMEOUT));
        assertThat(order.origin()).as("where the stored task lies").isEqualTo("carbonedge.tasks.dev-b@0:41");
        assertThat(order.plan.getStages().get(1).getDeviceId()).isEqualTo("dev-c");
        assertThat(order.plan.getStages().get(1).getZone()).isEqualTo("PL");
        assertThat(order.plan.getStages().get(0)).isEqualTo(plan.getStages().get(0));
        PartitionTask again = Redispatch.task(stored, order);
        assertThat(again.getInputs()).isEqualTo(stored.getInputs());
        assertThat(again.getAttempt()).isEqualTo(1);
        assertThat(KafkaSinks.taskTopic(again)).isEqualTo("carbonedge.tasks.dev-c");
        assertThat(harness.numProcessingTimeTimers()).as("timer re-armed").isEqualTo(1);

        harness.processElement(RequestEvent.of(TaskSeen.of(again, "carbonedge.tasks.dev-c", 0, 7)), NOW); // read back
        result(ok("r-1", again.getPlan(), 1, T0, Instant.ofEpochMilli(NOW + TIMEOUT + 5),
                Instant.ofEpochMilli(NOW + TIMEOUT + 20), 0.9, 40).setAttempt(1).build());

        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getStatus()).isEqualTo(InferenceStatus.OK);
        assertThat(r.getParts()).extracting(StageEmission::getDeviceId).containsExactly("dev-a", "dev-c");
        assertThat(r.getParts().get(1).getGco2PerKwh()).isEqualTo(700.0);
        assertThat(r.getTransfers().get(0).getToDeviceId()).isEqualTo("dev-c");
        assertNothingLeftAfterRetention();
    }

    @Test
    void aSilentDeviceIsRedispatchedOnlyOnceThenTheRequestFails() throws Exception {
        result(stage0());
        dispatched(task("r-1", plan, 1, T0, T0.plusMillis(300)));
        harness.processBroadcastElement(ContextUpdate.of(device("dev-b", "FR", DeviceStatus.UP,
                Instant.ofEpochMilli(NOW), 0.0)), NOW);     // UP, but 30 s without a heartbeat when the timer fires
        harness.processBroadcastElement(ContextUpdate.of(device("dev-c", "PL", DeviceStatus.UP,
                Instant.ofEpochMilli(NOW + TIMEOUT - 1_000), 0.0)), NOW); // then silent as well

        harness.setProcessingTime(NOW + TIMEOUT);
        assertThat(values(harness.getSideOutput(EmissionsFunction.REDISPATCHED))).hasSize(1);
        harness.setProcessingTime(NOW + 2 * TIMEOUT);

        assertThat(values(harness.getSideOutput(EmissionsFunction.REDISPATCHED))).hasSize(1);
        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getStatus()).isEqualTo(InferenceStatus.FAILED);
        assertThat(r.getReason()).startsWith("stage 1 did not report within 30000 ms; attempt 1 on dev-c")
                .contains("not re-dispatched again").endsWith("completed stages [0]");
        assertNothingLeftAfterRetention();
    }

    @Test
    void aRequestSeenOnlyThroughItsFirstTaskStillEndsInOneRecord() throws Exception {
        dispatched(task("r-1", plan, 0, T0, Instant.ofEpochMilli(NOW)));
        harness.setProcessingTime(NOW + TIMEOUT);

        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getStatus()).isEqualTo(InferenceStatus.FAILED);
        assertThat(r.getReason()).isEqualTo("stage 0 did not report within 30000 ms; device dev-a is unknown"
                + " (no device state) and no other device is UP; completed stages []");
        assertThat(r.getParts()).isEmpty();
        assertNothingLeftAfterRetention();
    }

    @Test
    void aTaskDispatchedLongerAgoThanTheDoneRetentionStartsNothing() throws Exception {
        dispatched(task("r-old", plan, 1, T0, Instant.ofEpochMilli(NOW - config.doneRetention().toMillis() - 1)));
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void intensityHistoryAndInFlightRequestsSurviveARestore() throws Exception {
        intensities();
        result(stage0());
        OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
        harness.close();

        harness = harness(snapshot);
        result(stage1());

        EmissionRecord r = single(harness.extractOutputValues());
        assertThat(r.getParts()).extracting(StageEmission::getGco2PerKwh).containsExactly(300.0, 50.0);
        assertThat(r.getIntensityKind()).isEqualTo(IntensityKind.MEASURED);
        assertNothingLeftAfterRetention();
    }

    @Test
    void finishedRequestsSurviveARestore() throws Exception {
        intensities();
        result(stage0());
        result(stage1());
        OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
        harness.close();

        harness = harness(snapshot);
        result(stage0()); // replayed late duplicate

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(keyedStateEntries()).isZero();
        assertThat(finishedRequests(NOW)).isEqualTo(1);
    }

    @Test
    void theTimeoutGrowsWithTheExpectedLatency() {
        ExecutionPlan slow = ExecutionPlan.newBuilder(plan).setExpectedLatencyMillis(2_000).build();
        assertThat(config.timeoutMillis(plan)).isEqualTo(30_000);
        assertThat(config.timeoutMillis(slow)).isEqualTo(40_000);
    }

    // --- helpers

    private KeyedBroadcastOperatorTestHarness<String, RequestEvent, ContextUpdate, EmissionRecord> harness(
            OperatorSubtaskState restoreFrom) throws Exception {
        var operator = new CoBroadcastWithKeyedOperator<>(new EmissionsFunction(config),
                List.of(EmissionsFunction.INTENSITY_STATE, EmissionsFunction.DEVICE_STATE));
        var h = new KeyedBroadcastOperatorTestHarness<>(operator, new RequestEvent.ByRequestId(), Types.STRING, 1, 1, 0);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        h.setProcessingTime(NOW);
        return h;
    }

    private PartitionResult stage0() {
        return ok("r-1", plan, 0, T0, T0.plusMillis(100), T0.plusMillis(300), 1.8, 2_000_000).build();
    }

    private PartitionResult stage1() {
        return ok("r-1", plan, 1, T0, T0.plusMillis(350), T0.plusMillis(500), 0.9, 40).build();
    }

    private void intensities() throws Exception {
        harness.processBroadcastElement(ContextUpdate.of(hour("DE", T0, 300, IntensityKind.MEASURED)), NOW);
        harness.processBroadcastElement(ContextUpdate.of(hour("DE", T0.plusSeconds(3600), 900, IntensityKind.MEASURED)), NOW);
        harness.processBroadcastElement(ContextUpdate.of(hour("FR", T0, 50, IntensityKind.MEASURED)), NOW);
    }

    private void result(PartitionResult r) throws Exception {
        harness.processElement(RequestEvent.of(r), NOW);
    }

    /** {@code t} as read from its device's task topic at offset 41. */
    private void dispatched(PartitionTask t) throws Exception {
        harness.processElement(RequestEvent.of(TaskSeen.of(t, KafkaSinks.taskTopic(t), 0, 41)), NOW);
    }

    private void assertNothingLeftAfterRetention() throws Exception {
        harness.setProcessingTime(Long.MAX_VALUE - 1);
        assertThat(harness.numProcessingTimeTimers()).as("timers left").isZero();
        assertThat(keyedStateEntries()).as("keyed state left").isZero();
        assertThat(finishedRequests(Long.MAX_VALUE - 1)).as("finished requests remembered").isZero();
    }

    private int finishedRequests(long nowMillis) {
        return ((EmissionsFunction) ((org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator<?, ?>) harness.getOperator()).getUserFunction()).finishedRequests(nowMillis);
    }

    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
