package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.core.routing.RoutingFixtures;
import org.carbonedge.jobs.CheckpointedMiniCluster;
import org.carbonedge.jobs.kafka.Delivery;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accuracy floors hold across a router crash (issue 17's target: zero requests served below their floor, also
 * across a restart from a checkpoint). A family of three variants (75%, 70%, 60% top-1) is registered; requests
 * naming the full model with floors 0.72, 0.65 and none are sent before a checkpoint, between it and the
 * cancellation, while no job runs, and after the restore. Every task the restored job emits (including the
 * re-routing of requests after the checkpoint) runs a variant at or above its request's floor, the greenest such
 * under {@code green}; a request without a floor runs exactly the model it named; a floor no variant meets is
 * REJECTED with its reason, before and after the restart alike.
 */
class RouterFloorRestartTest {

    private static final String GROUP = "floor-router";
    private static final String DEVICE = "edge-floor";
    /** Floor → the variant the green policy must serve (the cheapest at or above it); null: the named model. */
    private static final Map<Double, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put(0.72, "fam-full");
        EXPECTED.put(0.65, "fam-half");
        EXPECTED.put(null, "fam-full");
    }

    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dataDir.resolve("platform"), 0, 0);
        platform.provision(List.of(Topics.tasks(DEVICE)));
        send(Topics.MODELS, "fam-full", RoutingFixtures.variant("fam-full", 1.0, 0.75));
        send(Topics.MODELS, "fam-half", RoutingFixtures.variant("fam-half", 0.5, 0.70));
        send(Topics.MODELS, "fam-quarter", RoutingFixtures.variant("fam-quarter", 0.25, 0.60));
        send(Topics.DEVICE_STATE, DEVICE, RoutingFixtures.device(DEVICE, "FR", 1.0, Instant.now()));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void noRequestIsServedBelowItsFloorBeforeOrAfterARestart() throws Exception {
        RouterConfig config = RouteFunctionHoldTest.staleAfterForTests(RouterConfig.defaults(), Duration.ofMinutes(10))
                .withKafka(GROUP, Delivery.exactlyOnce(GROUP));
        Map<String, Double> floors = new HashMap<>();
        Map<String, List<PartitionTask>> tasks = new HashMap<>();
        try (var cluster = CheckpointedMiniCluster.start(dataDir.resolve("checkpoints"), 1);
             var taskReader = PlatformTopics.reader(platform, Topics.tasks(DEVICE), "floor-tasks");
             var rejections = PlatformTopics.reader(platform, Topics.REJECTIONS, "floor-rejections")) {
            JobID first = cluster.submit(RouterJob.onKafka(platform.settings(),
                    config.withCheckpointInterval(CheckpointedMiniCluster.MANUAL_ONLY))::build, null);
            List<String> before = sendBatch("a", floors);
            awaitTasks(taskReader, tasks, before);
            String checkpoint = cluster.checkpoint(first);
            List<String> between = sendBatch("b", floors);
            awaitTasks(taskReader, tasks, between);
            cluster.cancel(first);
            List<String> down = sendBatch("c", floors);
            String unmeetable = "d-unmeetable";
            send(Topics.VALIDATED_REQUESTS, unmeetable, request(unmeetable, 0.9));

            cluster.submit(RouterJob.onKafka(platform.settings(),
                    config.withCheckpointInterval(Duration.ofMillis(500)))::build, checkpoint);
            List<String> after = sendBatch("e", floors);
            awaitTasks(taskReader, tasks, down);
            awaitTasks(taskReader, tasks, after);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll(taskReader, tasks);
                return between.stream().allMatch(id -> tasks.get(id).size() == 2); // re-routed after the restore
            });
            List<EmissionRecord> rejected = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                rejections.poll(Duration.ofMillis(100)).forEach(r -> rejected.add(r.value()));
                return rejected.stream().anyMatch(e -> e.getRequestId().equals(unmeetable));
            });

            assertThat(tasks).hasSize(4 * EXPECTED.size());
            tasks.forEach((id, routed) -> routed.forEach(t -> {
                Double floor = floors.get(id);
                assertThat(t.getModelId()).as(id + " (floor " + floor + ")").isEqualTo(EXPECTED.get(floor));
                if (floor == null) {
                    assertThat(t.getPlan().getAccuracy()).as(id).isNull();
                } else {
                    assertThat(t.getPlan().getAccuracy()).as(id + " served at or above its floor").isGreaterThanOrEqualTo(floor);
                    assertThat(t.getPlan().getRequestedModelId()).isEqualTo("fam-full");
                    assertThat(t.getPlan().getFamily()).isEqualTo("fam");
                }
            }));
            assertThat(rejected).filteredOn(e -> e.getRequestId().equals(unmeetable)).singleElement()
                    .satisfies(e -> assertThat(e.getReason()).contains("no variant reaches"));
            assertThat(tasks).doesNotContainKey(unmeetable);
        }
    }

    /** One request per floor of {@link #EXPECTED}, ids {@code prefix-i}; their floors go into {@code floors}. */
    private static List<String> sendBatch(String prefix, Map<String, Double> floors) throws Exception {
        List<String> ids = new ArrayList<>();
        int i = 0;
        for (Double floor : EXPECTED.keySet()) {
            String id = prefix + "-" + i++;
            send(Topics.VALIDATED_REQUESTS, id, request(id, floor));
            floors.put(id, floor);
            ids.add(id);
        }
        return ids;
    }

    private static InferenceRequest request(String id, Double floor) {
        InferenceRequest r = RoutingFixtures.request(id, "green", RoutingFixtures.floats("x", 1, 4), Instant.now());
        r.setModelId("fam-full");
        r.setAccuracyFloor(floor);
        return r;
    }

    private static void awaitTasks(KafkaConsumer<String, PartitionTask> reader, Map<String, List<PartitionTask>> into,
                                   List<String> ids) {
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            poll(reader, into);
            return into.keySet().containsAll(ids);
        });
    }

    private static void poll(KafkaConsumer<String, PartitionTask> reader, Map<String, List<PartitionTask>> into) {
        for (ConsumerRecord<String, PartitionTask> r : reader.poll(Duration.ofMillis(100))) {
            into.computeIfAbsent(r.value().getRequestId(), k -> new ArrayList<>()).add(r.value());
        }
    }

    private static <V extends SpecificRecord> void send(TopicDef<V> def, String key, V value) throws Exception {
        PlatformTopics.send(platform, def, key, value);
    }
}
