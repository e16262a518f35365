package org.carbonedge.executor.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceTelemetry;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.executor.device.DeviceProfiles;
import org.carbonedge.executor.model.partition.SplitModel;
import org.carbonedge.executor.onnx.ChainedVerifier;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three executors with the paper's quotas run a 3-stage plan over a real broker; bad tasks become ERROR results. */
class ExecutorPipelineTest {

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static SplitModel model;
    static final List<EdgeExecutor> executors = new ArrayList<>();

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
        Path store = dir.resolve("models");
        model = TestModels.mnistStore(store);
        String[][] devices = {{"high", "paper-high"}, {"medium", "paper-medium"}, {"green", "paper-green"}};
        for (String[] d : devices) {
            ExecutorSettings s = ExecutorSettings.of(d[0], "Z-" + d[0], DeviceProfiles.named(d[1]), store)
                    .withTelemetryInterval(Duration.ofMillis(200)).withMaxTensorBytes(64 * 1024);
            EdgeExecutor e = new EdgeExecutor(s, platform.settings(), platform.catalog(), Clock.systemUTC());
            e.start();
            executors.add(e);
        }
    }

    @AfterAll
    static void stop() {
        executors.forEach(EdgeExecutor::close);
        if (platform != null) {
            platform.close();
        }
    }

    private static void send(String device, PartitionTask task) throws Exception {
        Topic<PartitionTask> topic = platform.catalog().topic(Topics.tasks(device));
        try (var producer = new KafkaProducer<>(platform.settings().producer("test"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), task.getRequestId(), task)).get();
        }
    }

    private static Map<String, List<PartitionResult>> results(String group,
            java.util.function.Predicate<Map<String, List<PartitionResult>>> done) {
        Topic<PartitionResult> topic = platform.catalog().topic(Topics.PARTITION_RESULTS);
        Map<String, List<PartitionResult>> byRequest = new ConcurrentHashMap<>();
        try (var consumer = new KafkaConsumer<>(platform.settings().consumer(group),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r ->
                        byRequest.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
                return done.test(byRequest);
            });
        }
        return byRequest;
    }

    @Test
    void aThreeStagePlanRunsAcrossThreeDevicesAndEqualsTheWholeModel() throws Exception {
        List<Tensor> input = TestModels.input(model.manifest(), 7);
        ExecutionPlan plan = TestModels.plan(List.of(TestModels.stage(0, "high", 0, 0),
                TestModels.stage(1, "medium", 1, 1), TestModels.stage(2, "green", 2, 2)));
        send("high", TestModels.task("pipe-1", TestModels.MODEL, plan, input));

        List<PartitionResult> results = results("pipeline", r -> r.getOrDefault("pipe-1", List.of()).size() >= 3).get("pipe-1");
        assertThat(results).extracting(PartitionResult::getDeviceId).containsExactly("high", "medium", "green");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(PartitionStatus.OK);
            assertThat(r.getEnergyJoules()).isPositive();
            assertThat(r.getComputeNanos()).isPositive();
            assertThat(r.getBytesIn()).isPositive();
        });
        assertThat(results.get(1).getBytesIn()).isEqualTo(results.get(0).getBytesOut());
        PartitionResult last = results.get(2);
        try (PartitionRunner runner = new PartitionRunner()) {
            List<Tensor> whole = runner.run(dir.resolve("models/whole.onnx"), input);
            assertThat(ChainedVerifier.compare(whole, last.getOutputs(), 1e-5).passed()).isTrue();
        }
        assertThat(results.get(0).getOutputs()).isEmpty();

        Topic<DeviceTelemetry> telemetry = platform.catalog().topic(Topics.TELEMETRY);
        Map<String, DeviceTelemetry> latest = new ConcurrentHashMap<>();
        try (var consumer = new KafkaConsumer<>(platform.settings().consumer("telemetry-check"),
                telemetry.keySerde().deserializer(), telemetry.valueSerde().deserializer())) {
            consumer.subscribe(List.of(telemetry.name()));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> latest.put(r.key(), r.value()));
                return latest.size() == 3 && latest.values().stream().allMatch(t -> t.getTasksCompleted() > 0);
            });
        }
        assertThat(latest.get("green").getCpuQuota()).isEqualTo(0.4);
        assertThat(latest.get("medium").getAvgExecutionMillis()).containsKey(TestModels.MODEL + "/1");
    }

    @Test
    void aRedeliveredTaskIsRecognisedAndNotRunOrCountedTwice() throws Exception {
        List<Tensor> input = TestModels.input(model.manifest(), 3);
        ExecutionPlan onGreen = TestModels.plan(List.of(TestModels.stage(0, "green", 0, 2)));
        PartitionTask task = TestModels.task("dup-1", TestModels.MODEL, onGreen, input);
        send("green", task);
        send("green", task);
        send("green", TestModels.task("dup-marker", TestModels.MODEL, onGreen, input));
        Map<String, List<PartitionResult>> results = results("dedupe", r -> r.containsKey("dup-marker"));
        assertThat(results.get("dup-1")).hasSize(1);
    }

    @Test
    void everyKindOfBadTaskBecomesAnErrorResultAndADeadLetter() throws Exception {
        List<Tensor> good = TestModels.input(model.manifest(), 1);
        Tensor in = good.get(0);
        ExecutionPlan onHigh = TestModels.plan(List.of(TestModels.stage(0, "high", 0, 2)));
        Map<String, PartitionTask> bad = new java.util.LinkedHashMap<>();
        bad.put("unknown-model", TestModels.task("unknown-model", "no-such-model", onHigh, good));
        bad.put("escape", TestModels.task("escape", "../etc", onHigh, good));
        bad.put("unknown-part", TestModels.task("unknown-part", TestModels.MODEL,
                TestModels.plan(List.of(TestModels.stage(0, "high", 0, 7))), good));
        bad.put("wrong-dtype", TestModels.task("wrong-dtype", TestModels.MODEL, onHigh,
                List.of(Tensor.newBuilder(in).setDtype(TensorDataType.INT32).build())));
        bad.put("wrong-shape", TestModels.task("wrong-shape", TestModels.MODEL, onHigh,
                List.of(Tensor.newBuilder(in).setShape(List.of(1L, 1L, 14L, 56L)).build())));
        bad.put("corrupt", TestModels.task("corrupt", TestModels.MODEL, onHigh,
                List.of(Tensor.newBuilder(in).setData(ByteBuffer.allocate(17)).build())));
        bad.put("too-large", TestModels.task("too-large", TestModels.MODEL, onHigh,
                List.of(Tensor.newBuilder(in).setShape(List.of(1L, 1L, 28L, 700L)).setData(ByteBuffer.allocate(28 * 700 * 4)).build())));
        bad.put("other-device", TestModels.task("other-device", TestModels.MODEL,
                TestModels.plan(List.of(TestModels.stage(0, "green", 0, 2))), good));
        for (PartitionTask t : bad.values()) {
            send("high", t);
        }
        send("high", TestModels.task("fine-after", TestModels.MODEL, onHigh, good));

        Map<String, List<PartitionResult>> results = results("bad-input",
                r -> r.keySet().containsAll(bad.keySet()) && r.containsKey("fine-after"));
        Map<String, String> reasons = new java.util.HashMap<>();
        bad.keySet().forEach(id -> {
            PartitionResult r = results.get(id).get(0);
            assertThat(r.getStatus()).as(id).isEqualTo(PartitionStatus.ERROR);
            reasons.put(id, r.getReason());
        });
        assertThat(reasons.get("unknown-model")).contains("unknown model 'no-such-model'");
        assertThat(reasons.get("escape")).contains("invalid model id '../etc'");
        assertThat(reasons.get("unknown-part")).contains("has partitions 0..2, not 3");
        assertThat(reasons.get("wrong-dtype")).contains("FLOAT");
        assertThat(reasons.get("wrong-shape")).contains("shape");
        assertThat(reasons.get("corrupt")).contains("17 bytes");
        assertThat(reasons.get("too-large")).contains("over the limit");
        assertThat(reasons.get("other-device")).contains("planned for device green");
        assertThat(results.get("fine-after").get(0).getStatus()).isEqualTo(PartitionStatus.OK);

        Topic<DeadLetter> dlq = platform.catalog().topic(Topics.DEAD_LETTER);
        List<DeadLetter> letters = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(platform.settings().consumer("dlq-check"),
                dlq.keySerde().deserializer(), dlq.valueSerde().deserializer())) {
            consumer.subscribe(List.of(dlq.name()));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> letters.add(r.value()));
                return letters.size() >= bad.size();
            });
        }
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.getSourceTopic()).isEqualTo("carbonedge.tasks.high");
            assertThat(l.getService()).isEqualTo("executor:high");
            assertThat(l.getValue()).isNotNull();
        });
    }
}
