package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.core.routing.RoutingFixtures;
import org.carbonedge.jobs.CheckpointedMiniCluster;
import org.carbonedge.jobs.kafka.Delivery;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router job cancelled mid-stream and started again from its last retained checkpoint loses no request:
 * requests sent before the checkpoint, between it and the crash, and after the restore each get their first-stage
 * task. Requests routed after the last checkpoint are routed again by the restored job (the task sink is
 * AT_LEAST_ONCE on purpose; executors and the emissions job de-duplicate), the others exactly once.
 */
class RouterRestartTest {

    private static final String GROUP = "restart-router";
    private static final String DEVICE = "edge-1";
    private static final int PER_BATCH = 8;

    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;
    static KafkaProducer<String, InferenceRequest> requests;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dataDir.resolve("platform"), 0, 0);
        platform.provision(List.of(Topics.tasks(DEVICE)));
        send(Topics.MODELS, "tiny", RoutingFixtures.manifest());
        send(Topics.DEVICE_STATE, DEVICE, RoutingFixtures.device(DEVICE, "FR", 1.0, Instant.now()));
        Topic<InferenceRequest> topic = platform.catalog().topic(Topics.VALIDATED_REQUESTS);
        requests = new KafkaProducer<>(platform.settings().producer("restart-requests"),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    @AfterAll
    static void stop() {
        if (requests != null) {
            requests.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aRestartFromTheLastCheckpointLosesNoRequest() throws Exception {
        RouterConfig config = heartbeatsStaleAfter(RouterConfig.defaults(), Duration.ofMinutes(10))
                .withKafka(GROUP, Delivery.exactlyOnce(GROUP));
        Map<String, Integer> tasksPerRequest = new HashMap<>();
        try (var cluster = CheckpointedMiniCluster.start(dataDir.resolve("checkpoints"), 2);
             var tasks = reader(Topics.tasks(DEVICE), "restart-tasks-reader")) {
            JobID first = cluster.submit(RouterJob.onKafka(platform.settings(),
                    config.withCheckpointInterval(CheckpointedMiniCluster.MANUAL_ONLY))::build, null);
            List<String> before = sendBatch("a");
            awaitTasks(tasks, tasksPerRequest, before);
            String checkpoint = cluster.checkpoint(first);
            List<String> between = sendBatch("b");
            awaitTasks(tasks, tasksPerRequest, between);
            cluster.cancel(first);

            JobID second = cluster.submit(RouterJob.onKafka(platform.settings(),
                    config.withCheckpointInterval(Duration.ofMillis(500)))::build, checkpoint);
            List<String> after = sendBatch("c");
            awaitTasks(tasks, tasksPerRequest, after);
            // the restored job replays the requests after the checkpoint: wait for their second routing, then
            // make sure nothing else comes
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll(tasks, tasksPerRequest);
                return between.stream().allMatch(id -> tasksPerRequest.get(id) == 2);
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                poll(tasks, tasksPerRequest);
                return true;
            });

            assertThat(tasksPerRequest).hasSize(3 * PER_BATCH);
            before.forEach(id -> assertThat(tasksPerRequest.get(id)).as(id).isEqualTo(1));
            between.forEach(id -> assertThat(tasksPerRequest.get(id)).as(id + " routed after the checkpoint").isEqualTo(2));
            after.forEach(id -> assertThat(tasksPerRequest.get(id)).as(id).isEqualTo(1));
            assertThat(drain(reader(Topics.EMISSIONS, "restart-rejections-reader"))).as("rejections").isEmpty();
            assertThat(drain(reader(Topics.DEAD_LETTER, "restart-dlq-reader"))).as("dead letters").isEmpty();
            assertThat(cluster.status(second)).isEqualTo(JobStatus.RUNNING);
            cluster.cancel(second);
        }
    }

    /** {@code config} with another heartbeat staleness (the test's one device state must stay fresh throughout). */
    private static RouterConfig heartbeatsStaleAfter(RouterConfig c, Duration staleness) {
        return new RouterConfig(c.planner(), c.accounting(), c.intensityLimits(), c.defaultDeadline(), c.firstRetry(),
                c.maxRetry(), c.defaultNanosPerMac(), staleness, c.maxRequestBytes(), c.checkpointInterval(), c.groupId(),
                c.service(), c.delivery(), c.seenRetention(), c.maxClockSkew(), c.deferral(), c.objectives());
    }

    private static List<String> sendBatch(String prefix) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PER_BATCH; i++) {
            String id = prefix + "-" + i;
            requests.send(new ProducerRecord<>(Topics.VALIDATED_REQUESTS.name(), id,
                    RoutingFixtures.request(id, "green", RoutingFixtures.floats("x", 1, 4), Instant.now()))).get();
            ids.add(id);
        }
        return ids;
    }

    private static void awaitTasks(KafkaConsumer<String, PartitionTask> tasks, Map<String, Integer> counts,
                                   List<String> ids) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll(tasks, counts);
            return counts.keySet().containsAll(ids);
        });
    }

    /** Counts first-stage tasks per request, checking each is the first stage of a plan on the one device. */
    private static void poll(KafkaConsumer<String, PartitionTask> tasks, Map<String, Integer> counts) {
        for (ConsumerRecord<String, PartitionTask> r : tasks.poll(Duration.ofMillis(100))) {
            PartitionTask task = r.value();
            assertThat(task.getStageIndex()).isZero();
            assertThat(task.getAttempt()).isZero();
            assertThat(task.getPlan().getStages().get(0).getDeviceId()).isEqualTo(DEVICE);
            counts.merge(task.getRequestId(), 1, Integer::sum);
        }
    }

    /** Everything committed on the consumer's topic within 2 s. */
    private static <V> List<V> drain(KafkaConsumer<String, V> consumer) {
        List<V> values = new ArrayList<>();
        try (consumer) {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                return true;
            });
        }
        return values;
    }

    private static <V extends SpecificRecord> KafkaConsumer<String, V> reader(TopicDef<V> def, String group) {
        return PlatformTopics.reader(platform, def, group);
    }

    private static <V extends SpecificRecord> void send(TopicDef<V> def, String key, V value) throws Exception {
        PlatformTopics.send(platform, def, key, value);
    }
}
