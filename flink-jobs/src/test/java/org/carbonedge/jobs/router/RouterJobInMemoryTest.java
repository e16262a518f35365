package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.HeldRequest;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
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
 * The whole router job on a local MiniCluster with bounded in-memory sources and collecting sinks (no broker; the
 * real registry client against the embedded registry): a request for a registered model, with one device UP and one
 * DOWN, becomes exactly one first-stage task on the UP device; an undecodable request becomes a dead letter; nothing
 * is rejected.
 */
class RouterJobInMemoryTest {

    private static final String TASKS = "router-in-memory-tasks";
    private static final String REJECTIONS = "router-in-memory-rejections";
    private static final String DEAD_LETTERS = "router-in-memory-dead-letters";
    private static final String HELD = "router-in-memory-held";

    @AutoClose
    private final TestRegistry registry = new TestRegistry();
    private final TopicCatalog catalog = registry.provisionedCatalog();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRoutableRequestBecomesOneFirstStageTaskOnTheUpDeviceAndGarbageIsDeadLettered() throws Exception {
        Instant now = Instant.now();
        InferenceRequest request = InferenceRequest.newBuilder().setRequestId("req-1").setModelId("tiny")
                .setInputs(List.of(floats("x", 1, 4))).setPolicy("green").setSubmittedAt(now).build();
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);

        CollectingSink<PartitionTask> tasks = CollectingSink.named(TASKS);
        CollectingSink<EmissionRecord> rejections = CollectingSink.named(REJECTIONS);
        CollectingSink<DeadLetter> deadLetters = CollectingSink.named(DEAD_LETTERS);
        CollectingSink<HeldRequest> held = CollectingSink.named(HELD);
        RouterJob.Inputs inputs = new RouterJob.Inputs(
                // the tables first; the last request waits until the first one's task is out (the job then ends)
                InMemorySource.with(catalog).firstAfter(Duration.ofMillis(200))
                        .add(Topics.VALIDATED_REQUESTS, "req-1", request)
                        .addRaw(Topics.VALIDATED_REQUESTS.name(), "garbage", garbage)
                        .lastWhen(() -> CollectingSink.count(TASKS) > 0, Duration.ofSeconds(15)).build(),
                InMemorySource.with(catalog)
                        .add(Topics.DEVICE_STATE, "edge-down", device("edge-down", "FR", DeviceStatus.DOWN, now))
                        .add(Topics.DEVICE_STATE, "edge-up", device("edge-up", "DE", DeviceStatus.UP, now)).build(),
                InMemorySource.with(catalog)
                        .add(Topics.GRID_INTENSITY, "DE", intensity("DE", now, 300))
                        .add(Topics.GRID_INTENSITY, "FR", intensity("FR", now, 50)).build(),
                InMemorySource.with(catalog).add(Topics.MODELS, "tiny", manifest()).build());
        RouterJob job = new RouterJob(config(), registry.settings(), inputs,
                new RouterJob.Outputs(tasks, rejections, held, deadLetters));

        long started = System.nanoTime();
        job.execute(BoundedJobs.environment());
        System.out.printf("router job over in-memory sources: %d ms%n", (System.nanoTime() - started) / 1_000_000);

        assertThat(tasks.collected()).singleElement().satisfies(task -> {
            assertThat(task.getRequestId()).isEqualTo("req-1");
            assertThat(task.getStageIndex()).isZero();
            assertThat(task.getAttempt()).isZero();
            assertThat(task.getModelId()).isEqualTo("tiny");
            assertThat(task.getPlan().getStages()).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.getDeviceId()).isEqualTo("edge-up"));
            assertThat(task.getPlan().getStages().get(0).getFirstPartition()).isZero();
            assertThat(task.getInputs()).isEqualTo(request.getInputs());
        });
        assertThat(rejections.collected()).isEmpty();
        assertThat(deadLetters.collected()).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.VALIDATED_REQUESTS.name());
            assertThat(letter.getSourceOffset()).isEqualTo(1);
            assertThat(new String(letter.getKey().array(), StandardCharsets.UTF_8)).isEqualTo("garbage");
            assertThat(letter.getReason()).containsIgnoringCase("magic byte");
            assertThat(letter.getService()).isEqualTo("router");
        });
    }

    /**
     * The defaults, with heartbeats fresh for a minute (the MiniCluster's start must not make the device stale) and
     * retries every 50 to 200 ms (a request read before the tables is routed soon after they arrive).
     */
    private static RouterConfig config() {
        RouterConfig d = RouterConfig.defaults();
        return new RouterConfig(d.planner(), d.accounting(), d.intensityLimits(), d.defaultDeadline(),
                Duration.ofMillis(50), Duration.ofMillis(200), d.defaultNanosPerMac(), Duration.ofMinutes(1), d.maxRequestBytes(),
                d.checkpointInterval(), d.groupId(), d.service(), d.delivery(), d.seenRetention(), d.maxClockSkew(),
                d.deferral(), d.objectives());
    }

    private static ModelManifest manifest() {
        TensorSpec in = spec("x", 1, 4);
        TensorSpec mid = spec("h", 1, 8);
        TensorSpec out = spec("y", 1, 2);
        return ModelManifest.newBuilder().setModelId("tiny").setVersion(1).setInputs(List.of(in))
                .setOutputs(List.of(out)).setTotalMacs(48).setTotalParameterBytes(200).setCreatedAt(Instant.EPOCH)
                .setPartitions(List.of(part(0, in, mid, 32), part(1, mid, out, 16))).build();
    }

    private static TensorSpec spec(String name, long... shape) {
        return TensorSpec.newBuilder().setName(name).setDtype(TensorDataType.FLOAT32)
                .setShape(Arrays.stream(shape).boxed().toList()).build();
    }

    private static PartitionSpec part(int i, TensorSpec in, TensorSpec out, long macs) {
        return PartitionSpec.newBuilder().setIndex(i).setFile("part-" + i + ".onnx").setSha256("x")
                .setInputs(List.of(in)).setOutputs(List.of(out)).setMacs(macs).setParameterBytes(100)
                .setOutputBytes(32).setNodeCount(1).build();
    }

    private static Tensor floats(String name, long... shape) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return Tensor.newBuilder().setName(name).setDtype(TensorDataType.FLOAT32)
                .setShape(Arrays.stream(shape).boxed().toList()).setData(ByteBuffer.allocate((int) n * 4)).build();
    }

    private static DeviceState device(String id, String zone, DeviceStatus status, Instant heartbeat) {
        return DeviceState.newBuilder().setDeviceId(id).setZone(zone).setProfile("p").setCpuQuota(1.0)
                .setMemoryBytes(1L << 30).setFreeMemoryBytes(1L << 29).setIdleWatts(1).setMaxWatts(4).setLoad(0)
                .setPowerWatts(1).setQueueDepth(0).setTaskCount(0).setAvgExecutionMillis(Map.of())
                .setLastHeartbeatAt(heartbeat).setStatus(status).setUpdatedAt(heartbeat).build();
    }

    private static GridIntensity intensity(String zone, Instant now, double gco2PerKwh) {
        return GridIntensity.newBuilder().setZone(zone).setValidFrom(now.minusSeconds(3600))
                .setValidTo(now.plusSeconds(3600)).setGco2PerKwh(gco2PerKwh).setSignal(SignalType.AVERAGE)
                .setKind(IntensityKind.MEASURED).setSource("test:" + zone).setPublishedAt(null).build();
    }
}
