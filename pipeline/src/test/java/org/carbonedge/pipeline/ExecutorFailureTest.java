package org.carbonedge.pipeline;

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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.jobs.emissions.EmissionsConfig;
import org.carbonedge.jobs.router.RouterConfig;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor that dies mid-run never leaves a request in silence. Two devices: a fast one that monolithic requests
 * go to, and a slow one. The fast one crashes (no draining, no last heartbeat) and requests published right after
 * are still planned onto it until the telemetry rollup notices its silence: each is re-dispatched to the slow
 * device (attempt 1) and ends OK there. Then the slow one crashes too: requests stranded on it have nowhere to go
 * and end FAILED with the reason. Every request ends in exactly one emission record.
 */
class ExecutorFailureTest {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorFailureTest.class);
    private static final String FAST = "edge-fast";
    private static final String SLOW = "edge-slow";

    @TempDir
    Path dir;

    @Test
    void requestsStrandedOnACrashedExecutorAreRedispatchedOrFailedNeverSilent() throws Exception {
        // a stage is acted on 6 s after it was dispatched: by then a crashed device's last heartbeat is older than
        // the 5 s staleness, so the emissions job cannot take it for alive
        EmissionsConfig emissions = EmissionsConfig.defaults().withTimeout(Duration.ofSeconds(6), 20.0)
                .withCheckpointInterval(Duration.ofSeconds(1));
        EmbeddedPipeline.Options options = EmbeddedPipeline.Options.defaults(dir).withPorts(0, 0)
                .withDevices(List.of(new DeviceSpec(FAST, "paper-high", "DE"), new DeviceSpec(SLOW, "paper-green", "FR")))
                .withJobs(RouterConfig.defaults(), emissions);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options);
             var emissionsReader = reader(pipeline, Topics.EMISSIONS, "failure-emissions");
             var fastTasks = reader(pipeline, Topics.tasks(FAST), "failure-fast-tasks");
             var slowTasks = reader(pipeline, Topics.tasks(SLOW), "failure-slow-tasks");
             var results = reader(pipeline, Topics.PARTITION_RESULTS, "failure-results")) {
            List<TensorSpec> inputs = ManifestJson.read(pipeline.modelStore().resolve("mnist-cnn/manifest.json")).getInputs();
            Topic<InferenceRequest> requests = pipeline.settings().catalog().topic(Topics.REQUESTS);
            Map<String, List<EmissionRecord>> records = new HashMap<>();
            List<String> stranded;
            List<String> orphaned;
            try (var producer = new KafkaProducer<>(pipeline.settings().producer("failure-test"),
                    requests.keySerde().serializer(), requests.valueSerde().serializer())) {
                // warm-up: the pipeline works, and monolithic requests go to the fast device
                List<String> warmUp = publish(producer, requests, inputs, "warm", 2);
                awaitRecords(emissionsReader, records, warmUp);
                assertThat(warmUp).allSatisfy(id -> assertThat(onlyRecord(records, id).getParts())
                        .extracting(StageEmission::getDeviceId).containsOnly(FAST));

                pipeline.executor(FAST).crash();
                stranded = publish(producer, requests, inputs, "stranded", 6);
                awaitRecords(emissionsReader, records, stranded);

                pipeline.executor(SLOW).crash();
                orphaned = publish(producer, requests, inputs, "orphaned", 3);
                awaitRecords(emissionsReader, records, orphaned);
                // one record per request: nothing more comes
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                    emissionsReader.poll(Duration.ofMillis(200)).forEach(r -> add(records, r.value()));
                    return true;
                });
            }

            Map<String, List<PartitionTask>> firstTasks = new HashMap<>();
            drain(fastTasks).forEach(t -> group(firstTasks, t.getRequestId(), t));
            drain(slowTasks).forEach(t -> group(firstTasks, t.getRequestId(), t));
            Map<String, List<PartitionResult>> resultsByRequest = new HashMap<>();
            drain(results).forEach(r -> group(resultsByRequest, r.getRequestId(), r));
            records.forEach((id, list) -> LOG.info("{}: tasks {} → {} {}", id, firstTasks.getOrDefault(id, List.of())
                    .stream().map(t -> t.getPlan().getStages().get(0).getDeviceId() + "#" + t.getAttempt()).toList(),
                    list.get(0).getStatus(), list.get(0).getReason() == null ? "" : list.get(0).getReason()));

            assertThat(records).as("every request has a record").hasSize(2 + 6 + 3);
            records.forEach((id, list) -> assertThat(list).as("records of " + id).hasSize(1));

            // stranded on the crashed fast device → re-dispatched once to the slow one, OK there
            List<String> plannedOnFast = stranded.stream().filter(id -> plannedOn(firstTasks, id, FAST)).toList();
            assertThat(plannedOnFast).as("requests the router planned onto the crashed device").isNotEmpty();
            for (String id : stranded) {
                EmissionRecord r = onlyRecord(records, id);
                assertThat(r.getStatus()).as(id + ": " + r.getReason()).isEqualTo(InferenceStatus.OK);
                assertThat(r.getParts()).as(id).extracting(StageEmission::getDeviceId).containsOnly(SLOW);
                int expectedAttempt = plannedOnFast.contains(id) ? 1 : 0;
                assertThat(resultsByRequest.get(id)).as(id + " results").singleElement().satisfies(result -> {
                    assertThat(result.getDeviceId()).isEqualTo(SLOW);
                    assertThat(result.getAttempt()).as("attempt").isEqualTo(expectedAttempt);
                });
            }

            // stranded on the slow device once no device is left → FAILED with the reason, no result at all
            List<String> plannedOnSlow = orphaned.stream().filter(id -> plannedOn(firstTasks, id, SLOW)).toList();
            assertThat(plannedOnSlow).as("requests the router planned onto the second crashed device").isNotEmpty();
            for (String id : orphaned) {
                EmissionRecord r = onlyRecord(records, id);
                assertThat(r.getStatus()).as(id).isIn(InferenceStatus.FAILED, InferenceStatus.REJECTED);
                assertThat(r.getReason()).as(id).isNotBlank();
                if (plannedOnSlow.contains(id)) {
                    assertThat(r.getStatus()).as(id).isEqualTo(InferenceStatus.FAILED);
                    assertThat(r.getReason()).as(id).contains("stage 0 did not report").contains("no other device is UP");
                }
                assertThat(resultsByRequest).as(id).doesNotContainKey(id);
            }
        }
    }

    /** Whether the router planned request {@code id}'s first stage onto {@code deviceId} (attempt 0). */
    private static boolean plannedOn(Map<String, List<PartitionTask>> tasks, String id, String deviceId) {
        return tasks.getOrDefault(id, List.of()).stream()
                .anyMatch(t -> t.getAttempt() == 0 && t.getPlan().getStages().get(0).getDeviceId().equals(deviceId));
    }

    private static <V> void group(Map<String, List<V>> byRequest, String requestId, V value) {
        byRequest.computeIfAbsent(requestId, k -> new ArrayList<>()).add(value);
    }

    private static List<String> publish(KafkaProducer<String, InferenceRequest> producer, Topic<InferenceRequest> topic,
                                        List<TensorSpec> inputs, String prefix, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            producer.send(new ProducerRecord<>(topic.name(), id, InferenceRequest.newBuilder().setRequestId(id)
                    .setModelId("mnist-cnn").setInputs(RandomInputs.forSpecs(inputs, i)).setPolicy("monolithic")
                    .setSubmittedAt(Instant.now()).build()));
            ids.add(id);
        }
        producer.flush();
        return ids;
    }

    private static void awaitRecords(KafkaConsumer<String, EmissionRecord> consumer,
                                     Map<String, List<EmissionRecord>> records, List<String> ids) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> add(records, r.value()));
            return records.keySet().containsAll(ids);
        });
    }

    private static void add(Map<String, List<EmissionRecord>> records, EmissionRecord r) {
        records.computeIfAbsent(r.getRequestId(), k -> new ArrayList<>()).add(r);
    }

    private static EmissionRecord onlyRecord(Map<String, List<EmissionRecord>> records, String id) {
        return records.get(id).get(0);
    }

    /** Everything (committed) on the consumer's topic so far. */
    private static <V> List<V> drain(KafkaConsumer<String, V> consumer) {
        List<V> values = new ArrayList<>();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            return true;
        });
        return values;
    }

    private static <V extends SpecificRecord> KafkaConsumer<String, V> reader(EmbeddedPipeline pipeline, TopicDef<V> def,
                                                                              String group) {
        Topic<V> topic = pipeline.settings().catalog().topic(def);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(pipeline.settings().consumer(group),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }
}
