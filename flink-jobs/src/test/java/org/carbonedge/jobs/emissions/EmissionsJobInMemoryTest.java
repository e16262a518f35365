package org.carbonedge.jobs.emissions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.jobs.kafka.TestRegistry;
import org.carbonedge.jobs.testing.BoundedJobs;
import org.carbonedge.jobs.testing.CollectingSink;
import org.carbonedge.jobs.testing.InMemorySource;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole emissions job on a local MiniCluster with bounded in-memory sources (all five: results, device tasks,
 * grid intensity, device state, the router's rejections) and collecting sinks; no broker, the real registry client
 * against the embedded registry. The results of both stages of a request (one delivered twice) make exactly one OK
 * record with its energy and gCO2; the router's REJECTED record for a request nothing else happened to becomes that
 * request's record; nothing is dead-lettered or re-dispatched.
 */
class EmissionsJobInMemoryTest {

    private static final String EMISSIONS = "emissions-in-memory-records";
    private static final String TASKS = "emissions-in-memory-tasks";
    private static final String DEAD_LETTERS = "emissions-in-memory-dead-letters";

    @AutoClose
    private final TestRegistry registry = new TestRegistry();
    private final TopicCatalog catalog = registry.provisionedCatalog(Topics.tasks("dev-a"));

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyStageOkMakesOneOkRecordAndARejectionWithNothingElseBecomesTheRecord() throws Exception {
        Instant now = Instant.now();
        Instant t0 = now.minusSeconds(10);
        ExecutionPlan plan = plan(t0);
        PartitionResult s0 = result("req-ok", plan, 0, t0, t0.plusMillis(100), t0.plusMillis(300), 1.8, 2_000_000);
        PartitionResult s1 = result("req-ok", plan, 1, t0, t0.plusMillis(350), t0.plusMillis(500), 0.9, 40);
        EmissionRecord rejection = rejection("req-rej", now.minusSeconds(30), now);

        CollectingSink<EmissionRecord> emissions = CollectingSink.named(EMISSIONS);
        CollectingSink<PartitionTask> tasks = CollectingSink.named(TASKS);
        CollectingSink<DeadLetter> deadLetters = CollectingSink.named(DEAD_LETTERS);
        EmissionsJob.Inputs inputs = new EmissionsJob.Inputs(
                // intensity and devices first; the duplicate of the last result waits for both records (the job
                // then ends)
                InMemorySource.with(catalog).firstAfter(Duration.ofMillis(500))
                        .add(Topics.PARTITION_RESULTS, "req-ok", s0)
                        .add(Topics.PARTITION_RESULTS, "req-ok", s1)
                        .add(Topics.PARTITION_RESULTS, "req-ok", s1)
                        .lastWhen(() -> CollectingSink.count(EMISSIONS) >= 2, Duration.ofSeconds(15)).build(),
                InMemorySource.with(catalog)
                        .add(Topics.tasks("dev-a"), "req-ok", task("req-ok", plan, 0, t0, t0.plusMillis(50))).build(),
                InMemorySource.with(catalog)
                        .add(Topics.GRID_INTENSITY, "DE", intensity("DE", now, 300))
                        .add(Topics.GRID_INTENSITY, "FR", intensity("FR", now, 50)).build(),
                InMemorySource.with(catalog)
                        .add(Topics.DEVICE_STATE, "dev-a", device("dev-a", "DE", now))
                        .add(Topics.DEVICE_STATE, "dev-b", device("dev-b", "FR", now)).build(),
                InMemorySource.with(catalog).add(Topics.REJECTIONS, "req-rej", rejection).build());
        EmissionsJob job = new EmissionsJob(EmissionsConfig.defaults(), registry.settings(), inputs,
                new EmissionsJob.Outputs(emissions, tasks, deadLetters));

        long started = System.nanoTime();
        job.execute(BoundedJobs.environment());
        System.out.printf("emissions job over in-memory sources: %d ms%n", (System.nanoTime() - started) / 1_000_000);

        List<EmissionRecord> records = emissions.collected();
        assertThat(records).extracting(EmissionRecord::getRequestId).containsExactlyInAnyOrder("req-ok", "req-rej");
        EmissionRecord ok = records.stream().filter(r -> r.getRequestId().equals("req-ok")).findFirst().orElseThrow();
        assertThat(ok.getStatus()).isEqualTo(InferenceStatus.OK);
        assertThat(ok.getParts()).extracting(StageEmission::getDeviceId).containsExactly("dev-a", "dev-b");
        assertThat(ok.getParts()).extracting(StageEmission::getEnergyJoules).containsExactly(1.8, 0.9);
        assertThat(ok.getParts()).extracting(StageEmission::getGco2PerKwh).containsExactly(300.0, 50.0);
        assertThat(ok.getEnergyJoules()).isGreaterThanOrEqualTo(1.8 + 0.9);
        assertThat(ok.getOperationalGco2()).isGreaterThan(0);
        assertThat(ok.getTotalGco2()).isGreaterThan(0).isGreaterThanOrEqualTo(ok.getOperationalGco2());
        assertThat(ok.getLatencyMillis()).isEqualTo(500.0);

        EmissionRecord rejected = records.stream().filter(r -> r.getRequestId().equals("req-rej")).findFirst().orElseThrow();
        assertThat(rejected.getStatus()).isEqualTo(InferenceStatus.REJECTED);
        assertThat(rejected.getReason()).isEqualTo(rejection.getReason());
        assertThat(rejected.getParts()).isEmpty();
        assertThat(rejected.getTotalGco2()).isZero();

        assertThat(deadLetters.collected()).isEmpty();
        assertThat(tasks.collected()).isEmpty();
    }

    /** Stage 0 on dev-a (DE), stage 1 on dev-b (FR). */
    private static ExecutionPlan plan(Instant plannedAt) {
        return ExecutionPlan.newBuilder().setPolicy("green").setModelVersion(1)
                .setStages(List.of(stage(0, "dev-a", "DE"), stage(1, "dev-b", "FR"))).setPlannedAt(plannedAt)
                .setSchedulingNanos(1_200).setExpectedLatencyMillis(12.0).setExpectedGco2(2e-5)
                .setLatencySloMillis(null).build();
    }

    private static PlanStage stage(int index, String deviceId, String zone) {
        return PlanStage.newBuilder().setStageIndex(index).setDeviceId(deviceId).setZone(zone)
                .setFirstPartition(2 * index).setLastPartition(2 * index + 1).setExpectedComputeMillis(5.0)
                .setExpectedEnergyJoules(0.5).setExpectedGco2(1e-5).setOutputBytes(1000).build();
    }

    private static PartitionResult result(String requestId, ExecutionPlan plan, int stage, Instant submittedAt,
                                          Instant startedAt, Instant endedAt, double energyJoules, long bytesOut) {
        PlanStage s = plan.getStages().get(stage);
        return PartitionResult.newBuilder().setRequestId(requestId).setModelId("mnist-cnn").setPlan(plan)
                .setStageIndex(stage).setAttempt(0).setDeviceId(s.getDeviceId()).setZone(s.getZone())
                .setSubmittedAt(submittedAt).setStartedAt(startedAt).setEndedAt(endedAt)
                .setComputeNanos((endedAt.toEpochMilli() - startedAt.toEpochMilli()) * 1_000_000)
                .setQueueNanos(0).setEnergyJoules(energyJoules).setEnergySource("MODEL").setEmbodiedGco2(0.0)
                .setBytesIn(100).setBytesOut(bytesOut).setStatus(PartitionStatus.OK).setReason(null)
                .setOutputs(List.of()).build();
    }

    private static PartitionTask task(String requestId, ExecutionPlan plan, int stage, Instant submittedAt,
                                      Instant dispatchedAt) {
        Tensor input = Tensor.newBuilder().setName("input").setDtype(TensorDataType.FLOAT32).setShape(List.of(1L, 4L))
                .setData(ByteBuffer.wrap(new byte[16])).build();
        return PartitionTask.newBuilder().setRequestId(requestId).setModelId("mnist-cnn").setPlan(plan)
                .setStageIndex(stage).setInputs(List.of(input)).setSubmittedAt(submittedAt)
                .setDispatchedAt(dispatchedAt).setAttempt(0).build();
    }

    private static GridIntensity intensity(String zone, Instant now, double gco2PerKwh) {
        return GridIntensity.newBuilder().setZone(zone).setValidFrom(now.minusSeconds(3600))
                .setValidTo(now.plusSeconds(3600)).setGco2PerKwh(gco2PerKwh).setSignal(SignalType.AVERAGE)
                .setKind(IntensityKind.MEASURED).setSource("test:" + zone).setPublishedAt(null).build();
    }

    private static DeviceState device(String deviceId, String zone, Instant heartbeat) {
        return DeviceState.newBuilder().setDeviceId(deviceId).setZone(zone).setProfile("paper-medium")
                .setCpuQuota(0.6).setMemoryBytes(512L << 20).setFreeMemoryBytes(256L << 20).setIdleWatts(2.7)
                .setMaxWatts(6.3).setEmbodiedKgco2e(50).setLifetimeHours(26_280).setLoad(0.1).setPowerWatts(4.0)
                .setQueueDepth(0).setTaskCount(0).setAvgExecutionMillis(Map.of()).setLastHeartbeatAt(heartbeat)
                .setStatus(DeviceStatus.UP).setUpdatedAt(heartbeat).build();
    }

    /** The router's record for a request it gave up on (as {@code Rejections.of} writes it). */
    private static EmissionRecord rejection(String requestId, Instant submittedAt, Instant now) {
        return EmissionRecord.newBuilder().setRequestId(requestId).setModelId("mnist-cnn").setPolicy("green")
                .setStatus(InferenceStatus.REJECTED).setReason("no eligible device (gave up at the deadline after 7 retries)")
                .setSubmittedAt(submittedAt).setCompletedAt(now)
                .setLatencyMillis(now.toEpochMilli() - submittedAt.toEpochMilli()).setSchedulingNanos(0)
                .setParts(List.of()).setTransfers(List.of()).setEnergyJoules(0).setOperationalGco2(0)
                .setTransferGco2(0).setEmbodiedGco2(0).setTotalGco2(0).setMarginalGco2(null)
                .setSignal(SignalType.AVERAGE).setIntensityKind(IntensityKind.ESTIMATED).setPue(1.0)
                .setAttributes(Map.of()).build();
    }
}
