package org.carbonedge.jobs.emissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.carbonedge.core.carbon.TestRecords.T0;
import static org.carbonedge.core.carbon.TestRecords.hour;
import static org.carbonedge.core.carbon.TestRecords.intensity;
import static org.carbonedge.core.carbon.TestRecords.ok;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.AccountingConfig;
import org.carbonedge.core.carbon.TestRecords;
import org.carbonedge.jobs.kafka.Delivery;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a MiniCluster against the embedded broker and registry: N requests → exactly N+1 emission
 * records (N OK, one FAILED) seen by a read_committed consumer, with the right figures; a malformed result and an
 * invalid intensity land on the dead-letter topic and the job keeps running.
 */
class EmissionsJobIntegrationTest {

    private static final int REQUESTS = 20;
    private static final String GROUP = "it-emissions";

    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;
    static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start(dataDir, 0, 0);
        platform.provision(List.of(Topics.tasks("dev-a"), Topics.tasks("dev-b")));
        producer = new KafkaProducer<>(platform.settings().producer("it-producer"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyRequestEndsInExactlyOneCommittedRecordAndMalformedInputIsDeadLettered() throws Exception {
        TopicCatalog catalog = platform.catalog();
        send(catalog, Topics.GRID_INTENSITY, "DE", hour("DE", T0, 300, IntensityKind.MEASURED));
        send(catalog, Topics.GRID_INTENSITY, "FR", hour("FR", T0, 50, IntensityKind.FORECAST));
        send(catalog, Topics.GRID_INTENSITY, "DE", intensity("DE", T0, T0.plusSeconds(3600), 700,
                SignalType.MARGINAL, IntensityKind.MEASURED, null));
        // an empty interval: it decodes, but the validator dead-letters it
        send(catalog, Topics.GRID_INTENSITY, "PL", intensity("PL", T0, T0, 700, SignalType.AVERAGE,
                IntensityKind.MEASURED, null));

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.GENERIC_TYPES, false);   // every type must have a real serializer, no Kryo
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        EmissionsConfig config = EmissionsConfig.defaults()
                .withAccounting(new AccountingConfig(1.0, 0.002, AccountingConfig.ieaGlobalAverage2019()))
                .withCheckpointInterval(Duration.ofMillis(300))
                .withKafka(GROUP, Delivery.exactlyOnce(GROUP));
        JobClient job = EmissionsJob.onKafka(platform.settings(), config).executeAsync(env);
        try (var deadLetters = subscribe(catalog.topic(Topics.DEAD_LETTER), "it-dlq-reader")) {
            // The invalid interval's dead letter is committed with the first checkpoint after it was read; the
            // valid intervals before it in the same partition were in broadcast state by then.
            DeadLetter invalidIntensity = pollOne(deadLetters);
            assertThat(invalidIntensity.getSourceTopic()).isEqualTo(Topics.GRID_INTENSITY.name());
            assertThat(invalidIntensity.getSourceOffset()).isEqualTo(3L);
            assertThat(invalidIntensity.getReason()).contains("not after validFrom");

            RecordMetadata malformed = sendRaw(Topics.PARTITION_RESULTS.name(), "bad", "not avro".getBytes(StandardCharsets.UTF_8));
            ExecutionPlan plan = TestRecords.twoStagePlan();
            for (int i = 0; i < REQUESTS; i++) {
                String id = "req-" + i;
                if (i % 4 == 0) {
                    send(catalog, Topics.tasks("dev-b"), id, TestRecords.task(id, plan, 1, T0, T0.plusMillis(300)));
                }
                PartitionResult s0 = ok(id, plan, 0, T0, T0.plusMillis(100), T0.plusMillis(300), 1.8, 2_000_000).build();
                send(catalog, Topics.PARTITION_RESULTS, id, s0);
                if (i % 5 == 0) {
                    send(catalog, Topics.PARTITION_RESULTS, id, s0); // duplicate delivery
                }
                send(catalog, Topics.PARTITION_RESULTS, id,
                        ok(id, plan, 1, T0, T0.plusMillis(350), T0.plusMillis(500), 0.9, 40).build());
            }
            send(catalog, Topics.PARTITION_RESULTS, "req-err",
                    ok("req-err", plan, 0, T0, T0.plusMillis(100), T0.plusMillis(300), 1.8, 2_000_000).build());
            send(catalog, Topics.PARTITION_RESULTS, "req-err",
                    TestRecords.error("req-err", plan, 1, T0, T0.plusMillis(320), "onnx runtime error"));

            Map<String, EmissionRecord> byRequest = readExactly(catalog, REQUESTS + 1);

            assertThat(byRequest).containsKeys("req-0", "req-19", "req-err");
            for (int i = 0; i < REQUESTS; i++) {
                EmissionRecord r = byRequest.get("req-" + i);
                assertThat(r.getStatus()).isEqualTo(InferenceStatus.OK);
                // DE 1.8 J x 300 / 3.6e6 = 1.5e-4; FR 0.9 J x 50 / 3.6e6 = 1.25e-5; 2e6 B x 0.002 kWh/GB x 300 = 1.2e-3
                assertThat(r.getTotalGco2()).isCloseTo(1.3625e-3, within(1e-12));
                assertThat(r.getIntensityKind()).isEqualTo(IntensityKind.FORECAST);
                assertThat(r.getMarginalGco2()).as("FR has no marginal value").isNull();
                assertThat(r.getLatencyMillis()).isEqualTo(500.0);
            }
            EmissionRecord failed = byRequest.get("req-err");
            assertThat(failed.getStatus()).isEqualTo(InferenceStatus.FAILED);
            assertThat(failed.getReason()).isEqualTo("stage 1 failed on dev-b: onnx runtime error; completed stages [0]");

            DeadLetter letter = pollOne(deadLetters);
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.PARTITION_RESULTS.name());
            assertThat(letter.getSourcePartition()).isEqualTo(malformed.partition());
            assertThat(letter.getSourceOffset()).isEqualTo(malformed.offset());
            assertThat(letter.getReason()).contains("magic byte");
            assertThat(letter.getService()).isEqualTo("emissions");
            assertThat(letter.getValue().array()).isEqualTo("not avro".getBytes(StandardCharsets.UTF_8));
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    /** Reads emission records until {@code expected} arrived and no more came over several checkpoints. */
    private Map<String, EmissionRecord> readExactly(TopicCatalog catalog, int expected) {
        List<EmissionRecord> records = new ArrayList<>();
        try (var consumer = subscribe(catalog.topic(Topics.EMISSIONS), "it-emissions-reader")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> records.add(r.value()));
                return records.size() >= expected;
            });
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> records.add(r.value()));
                return records.size() == expected;
            });
        }
        Map<String, EmissionRecord> byRequest = new HashMap<>();
        records.forEach(r -> byRequest.put(r.getRequestId(), r));
        assertThat(byRequest).as("one record per request").hasSize(expected);
        return byRequest;
    }

    /** A read_committed consumer of {@code topic} (ClientSettings#consumer). */
    private static <V extends SpecificRecord> KafkaConsumer<String, V> subscribe(Topic<V> topic, String group) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(platform.settings().consumer(group),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    /** The next record of {@code consumer}, which must arrive alone. */
    private static <V> V pollOne(KafkaConsumer<String, V> consumer) {
        List<V> values = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
            return !values.isEmpty();
        });
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    /** Sends one record in the catalog's wire format and waits for the broker's acknowledgement. */
    private static <V extends SpecificRecord> void send(TopicCatalog catalog, TopicDef<V> def, String key, V value)
            throws Exception {
        Topic<V> topic = catalog.topic(def);
        sendRaw(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private static RecordMetadata sendRaw(String topic, String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }
}
