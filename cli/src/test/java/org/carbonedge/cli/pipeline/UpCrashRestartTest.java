package org.carbonedge.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once across crashes: {@code carbonedge up} runs as a child process and is killed with SIGKILL at a
 * random moment of a request stream, then started again over the same data dir, several times. Every request
 * acknowledged by the broker must end in exactly one emission record (read_committed) or a dead letter — never
 * two records, never a record and a dead letter, never nothing. The jobs resume from their retained checkpoints;
 * without that (or with the router replaying and the emissions job forgetting), requests in flight at a kill get a
 * second, contradictory record.
 */
class UpCrashRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(UpCrashRestartTest.class);
    private static final int CYCLES = 3;
    private static final int PER_CYCLE = 30;

    @TempDir
    Path work;

    @Test
    void killNineAndRestartLeavesOneOutcomePerRequest() throws Exception {
        int kafkaPort = UpProcess.freePort();
        int registryPort = UpProcess.freePort();
        Path dataDir = work.resolve("data");
        String[] args = {"--kafka-port", String.valueOf(kafkaPort), "--registry-port", String.valueOf(registryPort),
                "--data-dir", dataDir.toString()};
        ClientSettings cluster = ClientSettings.of("127.0.0.1:" + kafkaPort, "http://127.0.0.1:" + registryPort);
        Random random = new Random(20261207L);
        List<String> acknowledged = new ArrayList<>();
        int sent = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            try (UpProcess up = UpProcess.start(work, "up-" + cycle, args)) {
                if (cycle == 0 && ListeningSockets.available()) {
                    List<String> listening = ListeningSockets.of(up.pid());
                    System.out.println("up listens on " + listening);
                    assertThat(listening).as("listeners of up (ss -ltnp)").hasSizeGreaterThanOrEqualTo(4)
                            .allMatch(ListeningSockets::loopback, "loopback");
                }
                List<TensorSpec> inputs = ManifestJson.read(dataDir.resolve("models/mnist-cnn/manifest.json")).getInputs();
                Map<String, Future<RecordMetadata>> sends = new HashMap<>();
                KafkaProducer<String, InferenceRequest> producer = producer(cluster);
                long killAfterMillis = 300 + random.nextInt(2_500);
                long t0 = System.nanoTime();
                for (int i = 0; i < PER_CYCLE; i++) {
                    String id = "crash-" + cycle + "-" + i;
                    Topic<InferenceRequest> topic = cluster.catalog().topic(Topics.REQUESTS);
                    sends.put(id, producer.send(new ProducerRecord<>(topic.name(), id, InferenceRequest.newBuilder()
                            .setRequestId(id).setModelId("mnist-cnn").setInputs(RandomInputs.forSpecs(inputs, i))
                            .setPolicy(i % 2 == 0 ? "green" : "performance").setSubmittedAt(Instant.now()).build())));
                    sent++;
                    producer.flush();
                    if ((System.nanoTime() - t0) / 1_000_000 >= killAfterMillis) {
                        break;
                    }
                    Thread.onSpinWait();
                }
                // let the last sends be acknowledged (or fail), then kill at the drawn moment
                producer.flush();
                sends.forEach((id, f) -> {
                    if (f.isDone() && !isFailed(f)) {
                        acknowledged.add(id);
                    }
                });
                producer.close(Duration.ZERO);
                long waitMillis = Math.max(0, killAfterMillis - (System.nanoTime() - t0) / 1_000_000);
                await().pollDelay(Duration.ofMillis(waitMillis)).atMost(Duration.ofMillis(waitMillis + 1_000)).until(() -> true);
                LOG.info("cycle {}: {} requests acknowledged so far, kill -9 of pid {} after {} ms", cycle,
                        acknowledged.size(), up.pid(), killAfterMillis);
                up.output().lines().filter(l -> l.contains("restored from") || l.contains("without earlier state")
                        || l.contains("Restoring") || l.contains("ERROR")).forEach(l -> System.out.println("up-" + l));
                up.kill();
            }
        }
        Map<String, List<EmissionRecord>> records = new HashMap<>();
        Map<String, List<String>> deadLetters = new HashMap<>();
        try (UpProcess up = UpProcess.start(work, "up-final", args);
             KafkaConsumer<String, EmissionRecord> emissions = emissionsReader(cluster);
             KafkaConsumer<String, byte[]> dlq = deadLetterReader(cluster)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (ConsumerRecord<String, EmissionRecord> r : emissions.poll(Duration.ofMillis(200))) {
                    records.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                }
                for (ConsumerRecord<String, byte[]> r : dlq.poll(Duration.ofMillis(50))) {
                    deadLetters.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(new String(r.value()));
                }
                return acknowledged.stream().allMatch(id -> records.containsKey(id) || deadLetters.containsKey(id));
            });
            // anything late (a second record) would arrive within a few checkpoints
            await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> {
                for (ConsumerRecord<String, EmissionRecord> r : emissions.poll(Duration.ofMillis(200))) {
                    records.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                }
                return true;
            });
            // SIGTERM: the JVM's exit code for it is 128 + 15 once the shutdown sequence ran
            assertThat(up.stop()).as("exit code of a stop by SIGTERM").isEqualTo(143);
        }
        Set<String> duplicated = new HashSet<>();
        Set<String> contradictory = new HashSet<>();
        for (String id : acknowledged) {
            if (records.getOrDefault(id, List.of()).size() > 1) {
                duplicated.add(id);
            }
            if (records.containsKey(id) && deadLetters.containsKey(id)) {
                contradictory.add(id);
            }
        }
        for (String id : duplicated) {
            records.get(id).forEach(r -> System.out.println("duplicate " + id + ": " + r.getStatus() + " " + r.getReason()
                    + " completedAt=" + r.getCompletedAt() + " parts=" + r.getParts().stream()
                    .map(p -> p.getDeviceId() + "@" + p.getStartedAt()).toList()));
        }
        LOG.info("crash-restart: cycles={} sent={} acknowledged={} records={} dead_letters={} duplicates={} "
                        + "contradictory={} lost=0", CYCLES, sent, acknowledged.size(),
                records.values().stream().mapToInt(List::size).sum(), deadLetters.size(), duplicated.size(),
                contradictory.size());
        for (String id : contradictory) {
            System.out.println("contradictory " + id + ": record " + records.get(id).get(0).getStatus() + ", dead letter "
                    + deadLetters.get(id).get(0).replaceAll("[^\\p{Print}]", " "));
        }
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        records.values().forEach(list -> list.forEach(r -> byStatus.merge(r.getStatus().name(), 1L, Long::sum)));
        System.out.println("crash-restart records by status " + byStatus);
        records.values().forEach(list -> list.stream().filter(r -> r.getStatus() != org.carbonedge.avro.InferenceStatus.OK)
                .forEach(r -> System.out.println("not OK " + r.getRequestId() + ": " + r.getStatus() + " " + r.getReason())));
        System.out.printf("crash-restart cycles=%d sent=%d acknowledged=%d records=%d dead_letters=%d duplicates=%d "
                        + "contradictory=%d%n", CYCLES, sent, acknowledged.size(),
                records.values().stream().mapToInt(List::size).sum(), deadLetters.size(), duplicated.size(),
                contradictory.size());
        assertThat(acknowledged).as("requests acknowledged before the kills").hasSizeGreaterThan(CYCLES);
        assertThat(duplicated).as("requests with more than one emission record").isEmpty();
        assertThat(contradictory).as("requests with a record and a dead letter").isEmpty();
    }

    private static boolean isFailed(Future<RecordMetadata> f) {
        try {
            f.get();
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private static KafkaProducer<String, InferenceRequest> producer(ClientSettings cluster) {
        Topic<InferenceRequest> topic = cluster.catalog().topic(Topics.REQUESTS);
        Map<String, Object> config = cluster.producer("crash-test");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static KafkaConsumer<String, EmissionRecord> emissionsReader(ClientSettings cluster) {
        Topic<EmissionRecord> topic = cluster.catalog().topic(Topics.EMISSIONS);
        KafkaConsumer<String, EmissionRecord> c = new KafkaConsumer<>(cluster.consumer("crash-test-emissions"),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        c.subscribe(List.of(topic.name()));
        return c;
    }

    private static KafkaConsumer<String, byte[]> deadLetterReader(ClientSettings cluster) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(cluster.consumer("crash-test-dlq"),
                new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(Topics.DEAD_LETTER.name()));
        return c;
    }
}
