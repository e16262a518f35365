package org.carbonedge.cli.io;

import org.carbonedge.lab.Csv;
import org.carbonedge.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.executor.onnx.TensorProtos;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish} and {@code subscribe} against a real broker (no pipeline: the test writes the manifests and
 * emission records itself): exit codes, one-line errors, nothing published from a bad file, what lands on
 * carbonedge.requests, and the three output formats parsed back.
 */
class PublishSubscribeCommandsTest {

    static final Path MNIST_INPUT = Path.of("..", "..", "shared", "data", "models", "mnist-8_test_data",
            "test_data_set_0", "input_0.pb").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static String[] connect;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
        connect = new String[]{"--bootstrap", platform.bootstrapServers(), "--registry", platform.registryUrl()};
        send(Topics.MODELS.name(), "tiny", manifest("tiny", new TensorSpec("x", TensorDataType.FLOAT32, List.of(-1L, 4L))));
        send(Topics.MODELS.name(), "digits", manifest("digits", new TensorSpec("image", TensorDataType.FLOAT32, List.of(1L, 1L, 28L, 28L))));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void badArgumentsAreOneLineAndExitCodeTwo() {
        assertUsage(CliRun.run("publish", "--count", "1"), "Missing required option: '--model=ID'");
        assertUsage(CliRun.run("publish", "--model", "tiny"), "give --input FILE... or --count N");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "1", "--input", "a.json"), "not both");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "0"), "must be >= 1");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "1", "--rate", "fast"), "use e.g. 50/s");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "1", "--policy", "greenest"), "unknown policy 'greenest'");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "1", "--slo-ms", "-1"), "'--slo-ms'");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "1", "--slo-ms", "Infinity"), "must be finite and > 0");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "1", "--policy", "custom:1e308,1e308,1e308,1e308,1e308"),
                "weights must be at most 1000000.0");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--input", dir.resolve("missing.json").toString()), "no such file");
        assertUsage(CliRun.run("subscribe", "dead-letter"), "you can subscribe to: emissions");
        assertUsage(CliRun.run("subscribe", "emissions", "--format", "xml"), "expected one of [table, json, csv]");
        assertUsage(CliRun.run("subscribe", "emissions", "--max", "0"), "must be >= 1");
        assertUsage(CliRun.run("gateway", "--port", "70000"), "is not a port");
        assertUsage(CliRun.run("gateway", "--max-body-bytes", "0"), "must be >= 1");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "1", "--within", "soon"), "is not a duration");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "1", "--within", "0s"), "must be positive");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "1", "--within", "6h", "--defer-until",
                "2030-01-01T00:00:00Z"), "not both");
        assertUsage(CliRun.run("publish", "--model", "tiny", "--count", "1", "--defer-until", "tomorrow"), "ISO-8601");
    }

    @Test
    void withinMakesEachRequestDeferrableWithItsDeadlineFromItsSubmission() throws Exception {
        CliRun load = run("publish", "--model", "tiny", "--count", "3", "--policy", "balanced", "--within", "6h",
                "--slo-ms", "77");
        assertThat(load.exitCode()).as(load.toString()).isZero();
        assertThat(requests().values()).filteredOn(r -> Double.valueOf(77).equals(r.getLatencySloMillis())).hasSize(3)
                .allSatisfy(r -> {
                    assertThat(r.getDeferrable()).isTrue();
                    assertThat(r.getDeadlineAt()).isEqualTo(r.getSubmittedAt().plus(java.time.Duration.ofHours(6)));
                });
    }

    @Test
    void aFileThatSaysItMayWaitIsPublishedDeferrableWithItsDeadline() throws Exception {
        Path file = write("deferrable.json", "{\"deferrable\":true,\"within\":\"PT3H\",\"attributes\":{\"job\":\"nightly\"},"
                + "\"inputs\":[{\"values\":[1,2,3,4]}]}");
        CliRun published = run("publish", "--model", "tiny", "--input", file.toString());
        assertThat(published.exitCode()).as(published.toString()).isZero();
        assertThat(requests().values()).filteredOn(r -> "nightly".equals(r.getAttributes().get("job"))).singleElement()
                .satisfies(r -> {
                    assertThat(r.getDeferrable()).isTrue();
                    assertThat(r.getDeadlineAt()).isEqualTo(r.getSubmittedAt().plus(java.time.Duration.ofHours(3)));
                });
    }

    @Test
    void badFilesAndUnknownModelsPublishNothing() throws Exception {
        int before = keys(Topics.REQUESTS.name()).size();
        Path good = write("good.json", "{\"inputs\":[{\"values\":[1,2,3,4]}]}");
        Path malformed = write("malformed.json", "{\n  \"inputs\": [\n    {\"values\": [1,2,3,4]\n  ]\n}");
        Path wrongShape = write("wrong.json", "{\"inputs\":[{\"shape\":[1,5],\"values\":[1,2,3,4,5]}]}");
        Path otherModel = write("other.json", "{\"modelId\":\"digits\",\"inputs\":[{\"values\":[1,2,3,4]}]}");
        Path text = write("tensor.txt", "1 2 3 4");
        // float32 little-endian [1, NaN, 3, 4]
        Path nan = write("nan.json", "{\"inputs\":[{\"dtype\":\"float32\",\"shape\":[1,4],\"data\":\"AACAPwAAwH8AAEBAAACAQA==\"}]}");
        assertUsage(run("publish", "--model", "nope", "--count", "1"), "unknown model 'nope'; registered: digits, tiny");
        assertUsage(run("publish", "--model", "tiny", "--input", good.toString(), malformed.toString()), malformed + ":4:");
        assertUsage(run("publish", "--model", "tiny", "--input", good.toString(), wrongShape.toString()),
                wrongShape + ": input 'x' must have shape [-1, 4], was [1, 5]");
        assertUsage(run("publish", "--model", "tiny", "--input", otherModel.toString()), "names model 'digits' but --model is 'tiny'");
        assertUsage(run("publish", "--model", "tiny", "--input", text.toString()), "unknown file type");
        assertUsage(run("publish", "--model", "tiny", "--input", good.toString(), nan.toString()),
                nan + ": input 'x' holds a NaN or infinite FLOAT32 value at element 1");
        assertThat(keys(Topics.REQUESTS.name())).hasSize(before);
    }

    @Test
    void filesAndGeneratedLoadLandOnTheRequestsTopic() throws Exception {
        Path json = write("request.json", "{\"policy\":\"paper-green\",\"latencySloMillis\":80,\"inputs\":[{\"name\":\"x\","
                + "\"dtype\":\"FLOAT32\",\"shape\":[1,4],\"data\":\"AACAPwAAAEAAAEBAAACAQA==\"}]}");
        CliRun files = run("publish", "--model", "tiny", "--input", json.toString());
        assertThat(files.exitCode()).as(files.toString()).isZero();
        String jsonId = files.outLines().get(0);

        long t0 = System.nanoTime();
        CliRun load = run("publish", "--model", "tiny", "--count", "5", "--rate", "50/s", "--policy", "performance");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(load.exitCode()).as(load.toString()).isZero();
        assertThat(load.outLines()).singleElement().asString()
                .startsWith("published requests=5 model=tiny policy=performance seconds=").contains(" rate_per_s=");
        assertThat(seconds).as("5 requests at 50/s take at least 80 ms").isGreaterThan(0.08);

        Map<String, InferenceRequest> published = requests();
        InferenceRequest fromJson = published.get(jsonId);
        assertThat(fromJson.getPolicy()).isEqualTo("paper-green");
        assertThat(fromJson.getLatencySloMillis()).isEqualTo(80.0);
        assertThat(fromJson.getInputs().get(0).getData()).isEqualTo(ByteBuffer.wrap(le(1, 2, 3, 4)));
        assertThat(published.values().stream().filter(r -> r.getPolicy().equals("performance")).count()).isEqualTo(5);
    }

    @Test
    void anOnnxTestDataFileIsPublishedAsItsTensorAndCheckedAgainstTheModel() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(MNIST_INPUT),
                "shared data not found at " + MNIST_INPUT.toAbsolutePath().normalize());
        int before = keys(Topics.REQUESTS.name()).size();
        assertUsage(run("publish", "--model", "tiny", "--input", MNIST_INPUT.toString()), "must have shape [-1, 4], was [1, 1, 28, 28]");
        assertThat(keys(Topics.REQUESTS.name())).hasSize(before);
        CliRun pb = run("publish", "--model", "digits", "--policy", "green", "--input", MNIST_INPUT.toString());
        assertThat(pb.exitCode()).as(pb.toString()).isZero();
        InferenceRequest fromPb = requests().get(pb.outLines().get(0));
        assertThat(fromPb.getInputs()).singleElement().satisfies(t -> {
            assertThat(t.getName()).isEqualTo("image");
            assertThat(t.getShape()).containsExactly(1L, 1L, 28L, 28L);
            assertThat(t.getData()).isEqualTo(TensorProtos.read(MNIST_INPUT).getData());
        });
    }

    @Test
    void emissionsPrintAsTableJsonLinesAndCsvAndFollowPrintsOnlyNewOnes() throws Exception {
        send(Topics.EMISSIONS.name(), "e-1", emission("e-1", InferenceStatus.OK, null, "DE", "FR"));
        send(Topics.EMISSIONS.name(), "e-2", emission("e-2", InferenceStatus.FAILED, "stage 1 failed: \"oom\", twice", "GB"));
        send(Topics.EMISSIONS.name(), "e-3", emission("e-3", InferenceStatus.REJECTED, "no eligible device"));

        CliRun table = run("subscribe", "emissions");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.outLines()).hasSize(4);
        assertThat(table.outLines().get(0).split("\\s+")).containsExactly("REQUEST_ID", "MODEL", "POLICY", "STATUS",
                "LATENCY_MS", "ENERGY_J", "GCO2", "ZONES");
        String e1Row = table.outLines().stream().filter(l -> l.startsWith("e-1")).findFirst().orElseThrow();
        assertThat(e1Row.split("\\s+")).containsExactly("e-1", "tiny", "green", "OK", "20.0", "0.01250", "1.200e-07", "DE,FR");

        CliRun json = run("subscribe", "emissions", "--format", "json");
        ObjectMapper mapper = new ObjectMapper();
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line : json.outLines()) {
            JsonNode n = mapper.readTree(line);
            byId.put(n.get("requestId").asText(), n);
        }
        assertThat(byId).containsOnlyKeys("e-1", "e-2", "e-3");
        assertThat(byId.get("e-1").get("totalGco2").asDouble()).isEqualTo(1.2e-7);
        assertThat(byId.get("e-1").get("zones").toString()).isEqualTo("[\"DE\",\"FR\"]");
        assertThat(byId.get("e-2").get("reason").asText()).isEqualTo("stage 1 failed: \"oom\", twice");

        CliRun csv = run("subscribe", "emissions", "--format", "csv");
        List<List<String>> rows = csv.outLines().stream().map(Csv::split).toList();
        assertThat(rows.get(0)).startsWith("request_id", "model_id", "policy", "status", "latency_ms", "energy_joules", "total_gco2");
        assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(rows.get(0).size()));
        List<String> e2 = rows.stream().filter(r -> r.get(0).equals("e-2")).findFirst().orElseThrow();
        assertThat(e2.get(rows.get(0).indexOf("reason"))).isEqualTo("stage 1 failed: \"oom\", twice");
        assertThat(e2.get(rows.get(0).indexOf("status"))).isEqualTo("FAILED");
        assertThat(Double.parseDouble(e2.get(rows.get(0).indexOf("total_gco2")))).isEqualTo(1.2e-7);

        assertThat(run("subscribe", "emissions", "--max", "2").outLines()).hasSize(3);

        // --follow starts at the end: only records written after it started show, and it waits for them
        CompletableFuture<CliRun> follow = CompletableFuture.supplyAsync(() ->
                run("subscribe", "emissions", "--follow", "--max", "1", "--format", "json"));
        int[] sent = {0};
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String id = "new-" + sent[0]++;
            send(Topics.EMISSIONS.name(), id, emission(id, InferenceStatus.OK, null, "NO"));
            return follow.isDone();
        });
        CliRun followed = follow.get();
        assertThat(followed.exitCode()).as(followed.toString()).isZero();
        assertThat(followed.outLines()).singleElement().asString().contains("\"requestId\":\"new-");
    }

    private static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(connect));
        return CliRun.run(all.toArray(String[]::new));
    }

    private static void assertUsage(CliRun r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).as(r.toString()).singleElement().asString().contains(message);
    }

    private static Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static byte[] le(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static ModelManifest manifest(String id, TensorSpec input) {
        return ModelManifest.newBuilder().setModelId(id).setVersion(1).setInputs(List.of(input))
                .setOutputs(List.of(new TensorSpec("y", TensorDataType.FLOAT32, List.of(1L, 10L))))
                .setTotalMacs(1).setTotalParameterBytes(0).setPartitions(new ArrayList<>()).setCreatedAt(Instant.EPOCH).build();
    }

    private static EmissionRecord emission(String id, InferenceStatus status, String reason, String... zones) {
        Instant t = Instant.parse("2026-05-01T12:00:00Z");
        List<StageEmission> parts = new ArrayList<>();
        for (int i = 0; i < zones.length; i++) {
            parts.add(new StageEmission(i, "edge-" + zones[i], zones[i], i, i, t, 2.5, 0.00625, 300.0, IntensityKind.MEASURED, 6e-8));
        }
        return EmissionRecord.newBuilder().setRequestId(id).setModelId("tiny").setPolicy("green").setStatus(status)
                .setReason(reason).setSubmittedAt(t).setCompletedAt(t.plusMillis(20)).setLatencyMillis(20)
                .setSchedulingNanos(2_000).setParts(parts).setTransfers(List.of()).setEnergyJoules(0.0125)
                .setOperationalGco2(1.0e-7).setTransferGco2(0).setEmbodiedGco2(2e-8).setTotalGco2(1.2e-7)
                .setMarginalGco2(null).setSignal(SignalType.AVERAGE).setIntensityKind(IntensityKind.MEASURED).setPue(1.0)
                .setAttributes(Map.of()).build();
    }

    @SuppressWarnings("unchecked")
    private static <V extends org.apache.avro.specific.SpecificRecord> void send(String topicName, String key, V value) throws Exception {
        Topic<V> topic = (Topic<V>) platform.catalog().topic(Topics.all().stream().filter(d -> d.name().equals(topicName))
                .findFirst().orElseThrow());
        try (var producer = new KafkaProducer<>(platform.settings().producer("test"), topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    private static Map<String, InferenceRequest> requests() {
        Map<String, InferenceRequest> out = new HashMap<>();
        readAll(Topics.REQUESTS.name()).forEach(r -> out.put(r.key(), r.value()));
        return out;
    }

    private static List<String> keys(String topicName) {
        return readAll(topicName).stream().map(ConsumerRecord::key).toList();
    }

    private static List<ConsumerRecord<String, InferenceRequest>> readAll(String topicName) {
        Topic<InferenceRequest> topic = platform.catalog().topic(Topics.REQUESTS);
        Map<String, Object> config = platform.settings().consumer("unused");
        config.remove("group.id");
        List<ConsumerRecord<String, InferenceRequest>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topicName).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }
}
