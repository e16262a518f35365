package org.carbonedge.jobs.emissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.carbonedge.core.carbon.TestRecords.T0;
import static org.carbonedge.core.carbon.TestRecords.hour;
import static org.carbonedge.core.carbon.TestRecords.ok;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.AccountingConfig;
import org.carbonedge.core.carbon.TestRecords;
import org.carbonedge.jobs.CheckpointedMiniCluster;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emissions job cancelled mid-stream and started again from its last retained checkpoint loses and
 * duplicates nothing. Results are fed in two halves around the restart: before it, quarter A (checkpointed and
 * committed) and quarter B (written in a transaction no checkpoint covers when the job is cancelled); after it,
 * quarters C and D. Requests with stages split across the restart (one held in restored keyed state, one replayed
 * from the checkpointed offsets) and late duplicates of finished requests are included. A read_committed reader
 * sees exactly one right record per request.
 */
class EmissionsRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmissionsRestartTest.class);
    private static final String GROUP = "restart-emissions";
    /** Whole two-stage requests per quarter (A and B before the restart, C and D after it). */
    private static final int PER_QUARTER = 6;
    /** Every distinct request: the whole ones of the four quarters plus the two split ones. */
    private static final int REQUESTS = 4 * PER_QUARTER + 2;
    /** DE 1.8 J x 300 / 3.6e6 + FR 0.9 J x 50 / 3.6e6 + 2e6 B x 0.002 kWh/GB x 300 g/kWh (see the integration test). */
    private static final double EXPECTED_GCO2 = 1.3625e-3;

    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;
    static KafkaProducer<String, PartitionResult> producer;

    private final ExecutionPlan plan = TestRecords.twoStagePlan();

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dataDir.resolve("platform"), 0, 0);
        platform.provision(List.of(Topics.tasks("dev-a"), Topics.tasks("dev-b")));
        Topic<PartitionResult> results = platform.catalog().topic(Topics.PARTITION_RESULTS);
        producer = new KafkaProducer<>(platform.settings().producer("restart-producer"),
                results.keySerde().serializer(), results.valueSerde().serializer());
        var intensity = platform.catalog().topic(Topics.GRID_INTENSITY);
        try (var p = new KafkaProducer<>(platform.settings().producer("restart-intensity"),
                intensity.keySerde().serializer(), intensity.valueSerde().serializer())) {
            p.send(new ProducerRecord<>(intensity.name(), "DE", hour("DE", T0, 300, IntensityKind.MEASURED))).get();
            p.send(new ProducerRecord<>(intensity.name(), "FR", hour("FR", T0, 50, IntensityKind.FORECAST))).get();
            // an empty interval, dead-lettered by the decoder: the test's barrier (see the test)
            p.send(new ProducerRecord<>(intensity.name(), "PL", TestRecords.intensity("PL", T0, T0, 700,
                    SignalType.AVERAGE, IntensityKind.MEASURED, null))).get();
        }
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
    void aRestartFromTheLastCheckpointLosesAndDuplicatesNothing() throws Exception {
        EmissionsConfig config = EmissionsConfig.defaults()
                .withAccounting(new AccountingConfig(1.0, 0.002, AccountingConfig.ieaGlobalAverage2019()))
                .withTimeout(Duration.ofMinutes(2), 20.0)   // no request may time out across the restart
                .withKafka(GROUP, Delivery.exactlyOnce(GROUP));
        TopicCatalog catalog = platform.catalog();
        try (var cluster = CheckpointedMiniCluster.start(dataDir.resolve("checkpoints"), 2)) {
            // First run, checkpointed only when the test says so.
            EmissionsConfig manual = config.withCheckpointInterval(CheckpointedMiniCluster.MANUAL_ONLY);
            JobID first = cluster.submit(EmissionsJob.onKafka(platform.settings(), manual)::build, null);
            // The invalid interval sent after DE and FR was decoded; a checkpoint barrier behind DE and FR then
            // guarantees both are in broadcast state before any result arrives.
            awaitAny(reader(catalog, Topics.DEAD_LETTER, "restart-dlq-probe", false));
            cluster.checkpoint(first);

            // Quarter A and stage 0 of "split-0" (its stage 1 comes after the restart), then a checkpoint:
            // A's records are committed, split-0's stage 0 is in keyed state only.
            List<String> quarterA = wholeRequests(0);
            send(stage("split-0", 0));
            awaitKeys(reader(catalog, Topics.EMISSIONS, "restart-a-written", false), quarterA);
            String checkpoint = cluster.checkpoint(first);
            awaitKeys(reader(catalog, Topics.EMISSIONS, "restart-a-committed", true), quarterA);

            // Quarter B and stage 1 of "split-1" (its stage 0 comes after the restart); the job is cancelled as soon
            // as B's records were written, in a transaction no checkpoint covers: they must be aborted, and B's
            // results replayed from the checkpointed offsets.
            List<String> quarterB = wholeRequests(1);
            send(stage("split-1", 1));
            awaitKeys(reader(catalog, Topics.EMISSIONS, "restart-b-written", false), quarterB);
            cluster.cancel(first);
            LOG.info("first run cancelled; restoring from {}", checkpoint);

            // Second run, from the retained checkpoint, checkpointing on its own: quarters C and D, the missing
            // halves of the split requests, late duplicates of requests that finished before the restart.
            JobID second = cluster.submit(EmissionsJob.onKafka(platform.settings(),
                    config.withCheckpointInterval(Duration.ofMillis(500)))::build, checkpoint);
            wholeRequests(2);
            send(stage("split-0", 1));
            send(stage("split-1", 0));
            wholeRequests(3);
            send(stage("req-0", 0));
            send(stage("req-0", 1));
            send(stage("req-" + (PER_QUARTER + 1), 1));

            List<EmissionRecord> records = readAll(catalog, "restart-check", true, REQUESTS);
            Map<String, EmissionRecord> byRequest = new HashMap<>();
            records.forEach(r -> byRequest.put(r.getRequestId(), r));
            assertThat(records).as("exactly one committed record per request").hasSize(REQUESTS);
            assertThat(byRequest).hasSize(REQUESTS).containsKeys("req-0", "req-23", "split-0", "split-1");
            assertThat(records).allSatisfy(r -> {
                assertThat(r.getStatus()).as(r.getRequestId() + ": " + r.getReason()).isEqualTo(InferenceStatus.OK);
                assertThat(r.getParts()).hasSize(2);
                assertThat(r.getTotalGco2()).as(r.getRequestId()).isCloseTo(EXPECTED_GCO2, within(1e-12));
                assertThat(r.getIntensityKind()).isEqualTo(IntensityKind.FORECAST);
                assertThat(r.getLatencyMillis()).isEqualTo(500.0);
            });
            // A read_uncommitted reader also sees the aborted first writing of B: proof that the job really stopped
            // with uncommitted output, which the restored job redid once.
            int written = readAll(catalog, "restart-written-count", false, REQUESTS).size();
            LOG.info("emission records written {}, committed {}", written, records.size());
            assertThat(written).isEqualTo(REQUESTS + quarterB.size());
            assertThat(cluster.status(second)).isEqualTo(JobStatus.RUNNING);
            cluster.cancel(second);
        }
    }

    /** Polls {@code consumer} until any record arrives, then closes it. */
    private static void awaitAny(KafkaConsumer<String, ?> consumer) {
        try (consumer) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.poll(Duration.ofMillis(100)).isEmpty());
        }
    }

    /** Sends both stages of quarter {@code q}'s requests (stage 0 of every third one twice: a duplicate delivery); their ids. */
    private List<String> wholeRequests(int q) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = q * PER_QUARTER; i < (q + 1) * PER_QUARTER; i++) {
            String id = "req-" + i;
            send(stage(id, 0));
            if (i % 3 == 0) {
                send(stage(id, 0));
            }
            send(stage(id, 1));
            ids.add(id);
        }
        return ids;
    }

    /** The OK result of {@code stage} of {@code requestId} under the two-stage plan, as the integration test has it. */
    private PartitionResult stage(String requestId, int stage) {
        return stage == 0
                ? ok(requestId, plan, 0, T0, T0.plusMillis(100), T0.plusMillis(300), 1.8, 2_000_000).build()
                : ok(requestId, plan, 1, T0, T0.plusMillis(350), T0.plusMillis(500), 0.9, 40).build();
    }

    private static void send(PartitionResult result) throws Exception {
        producer.send(new ProducerRecord<>(Topics.PARTITION_RESULTS.name(), result.getRequestId(), result)).get();
    }

    /** A reader of {@code def} from the beginning, read_committed or read_uncommitted. */
    private static <V extends SpecificRecord> KafkaConsumer<String, V> reader(TopicCatalog catalog, TopicDef<V> def,
                                                                              String group, boolean committed) {
        Topic<V> topic = catalog.topic(def);
        Map<String, Object> props = platform.settings().consumer(group);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    /** Polls until records for all of {@code keys} were seen, then closes the consumer. */
    private static void awaitKeys(KafkaConsumer<String, EmissionRecord> consumer, List<String> keys) {
        Set<String> seen = new HashSet<>();
        try (consumer) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.key()));
                return seen.containsAll(keys);
            });
        }
    }

    /** Every emission record: polls until at least {@code expected} came, then 3 s more for any extra. */
    private static List<EmissionRecord> readAll(TopicCatalog catalog, String group, boolean committed, int expected) {
        List<EmissionRecord> records = new ArrayList<>();
        try (var consumer = reader(catalog, Topics.EMISSIONS, group, committed)) {
            await().atMost(Duration.ofSeconds(40)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> records.add(r.value()));
                return records.size() >= expected;
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> records.add(r.value()));
                return true;
            });
        }
        return records;
    }
}
