package org.carbonedge.lab.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.Tensor;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;

/**
 * Sends requests one at a time, as the paper measured (batch 1, one request in flight), or a few at a time in a
 * closed loop, and collects their emission records. The next request goes out when an earlier one's last stage has
 * reported (partition results are committed per executor batch, so that is immediate); emission records, written on
 * the emissions job's checkpoints, are gathered at the end.
 */
final class SequentialRunner implements AutoCloseable {

    private static final Duration PER_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final ClientSettings settings;
    private final Topic<InferenceRequest> requests;
    private final Topic<EmissionRecord> emissions;
    private final KafkaProducer<String, InferenceRequest> producer;
    private final KafkaConsumer<String, PartitionResult> results;
    private final KafkaConsumer<String, EmissionRecord> records;
    private final Map<String, EmissionRecord> received = new HashMap<>();
    private int sequence;

    SequentialRunner(ClientSettings settings, String runId) {
        this.settings = settings;
        TopicCatalog catalog = settings.catalog();
        this.requests = catalog.topic(Topics.REQUESTS);
        this.emissions = catalog.topic(Topics.EMISSIONS);
        Topic<PartitionResult> resultTopic = catalog.topic(Topics.PARTITION_RESULTS);
        this.producer = new KafkaProducer<>(settings.producer("experiment-" + runId),
                requests.keySerde().serializer(), requests.valueSerde().serializer());
        Map<String, Object> latest = settings.consumer("experiment-results-" + runId);
        latest.put("auto.offset.reset", "latest");
        this.results = new KafkaConsumer<>(latest, resultTopic.keySerde().deserializer(), resultTopic.valueSerde().deserializer());
        this.results.subscribe(List.of(resultTopic.name()));
        this.records = new KafkaConsumer<>(settings.consumer("experiment-emissions-" + runId),
                emissions.keySerde().deserializer(), emissions.valueSerde().deserializer());
        this.records.subscribe(List.of(emissions.name()));
        awaitAssignment(results);
    }

    /** Runs {@code n} requests one after the other and returns their emission records, in order. */
    List<EmissionRecord> run(String prefix, String modelId, List<Tensor> input, String policy, Double sloMillis, int n) {
        return run(prefix, modelId, input, policy, sloMillis, n, 1);
    }

    /**
     * Runs {@code n} requests in a closed loop with {@code inFlight} outstanding at a time (a new one goes out as
     * soon as one's last stage has reported) and returns their emission records, in order of submission.
     */
    List<EmissionRecord> run(String prefix, String modelId, List<Tensor> input, String policy, Double sloMillis, int n,
                             int inFlight) {
        List<String> ids = new ArrayList<>(n);
        Set<String> outstanding = new HashSet<>();
        while (ids.size() < n || !outstanding.isEmpty()) {
            while (ids.size() < n && outstanding.size() < inFlight) {
                String id = send(nextId(prefix), modelId, input, policy, sloMillis);
                ids.add(id);
                outstanding.add(id);
            }
            awaitLastStage(outstanding);
        }
        return collect(ids);
    }

    /**
     * Runs {@code n} rounds of one request per policy, one request at a time, starting each round with the next
     * policy in turn, and returns each policy's emission records in order. Interleaving gives every policy the same
     * share of whatever drifts during a run (the JIT still compiling, a device's smoothed times, background load),
     * which running the policies one after the other would pin on whichever ran first.
     */
    Map<String, List<EmissionRecord>> interleaved(String prefix, String modelId, List<Tensor> input,
                                                  List<String> policies, Double sloMillis, int n) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        policies.forEach(p -> ids.put(p, new ArrayList<>(n)));
        for (int round = 0; round < n; round++) {
            for (int j = 0; j < policies.size(); j++) {
                String policy = policies.get((round + j) % policies.size());
                ids.get(policy).add(submit(prefix + "-p" + policies.indexOf(policy), modelId, input, policy, sloMillis));
            }
        }
        Map<String, List<EmissionRecord>> records = new LinkedHashMap<>();
        ids.forEach((policy, list) -> records.put(policy, collect(list)));
        return records;
    }

    /**
     * Sends one request and returns its id once its last stage has reported; its emission record is gathered later
     * by {@link #collect}, so a long run does not wait for the emissions job's checkpoints request by request.
     */
    String submit(String prefix, String modelId, List<Tensor> input, String policy, Double sloMillis) {
        String id = send(nextId(prefix), modelId, input, policy, sloMillis);
        awaitLastStage(id);
        return id;
    }

    /**
     * Sends one request and returns its id at once, without waiting for it: for requests that may be held (collect
     * their records with {@link #collect} once they are due).
     *
     * @param deadlineAt  hard completion deadline (null: none)
     * @param deferrable  whether the router may hold it until shortly before {@code deadlineAt}
     */
    String sendNow(String prefix, String modelId, List<Tensor> input, String policy, Instant deadlineAt,
                   boolean deferrable) {
        String id = nextId(prefix);
        producer.send(new ProducerRecord<>(requests.name(), id, InferenceRequest.newBuilder().setRequestId(id)
                .setModelId(modelId).setInputs(input).setPolicy(policy).setSubmittedAt(Instant.now())
                .setDeadlineAt(deadlineAt).setDeferrable(deferrable).build()));
        producer.flush();
        return id;
    }

    /**
     * Sends one request that runs at once and returns its id without waiting for it (collect its record with
     * {@link #collect}).
     *
     * @param accuracyFloor least accuracy the request accepts: any variant of the model's family at or above it may
     *                      serve it (null: exactly {@code modelId})
     * @param attributes    the request's labels
     */
    String sendNow(String prefix, String modelId, List<Tensor> input, String policy, Double accuracyFloor,
                   Map<String, String> attributes) {
        String id = nextId(prefix);
        producer.send(new ProducerRecord<>(requests.name(), id, InferenceRequest.newBuilder().setRequestId(id)
                .setModelId(modelId).setInputs(input).setPolicy(policy).setSubmittedAt(Instant.now())
                .setAccuracyFloor(accuracyFloor).setAttributes(Map.copyOf(attributes)).build()));
        producer.flush();
        return id;
    }

    /** A request id not used before by this runner. */
    String nextId(String prefix) {
        return prefix + "-" + (sequence++);
    }

    private String send(String id, String modelId, List<Tensor> input, String policy, Double sloMillis) {
        producer.send(new ProducerRecord<>(requests.name(), id, InferenceRequest.newBuilder().setRequestId(id)
                .setModelId(modelId).setInputs(input).setPolicy(policy).setLatencySloMillis(sloMillis)
                .setSubmittedAt(Instant.now()).build()));
        producer.flush();
        return id;
    }

    /** Waits until request {@code id}'s last stage (or a failed stage) has reported, at most a minute. */
    void awaitLastStage(String id) {
        Set<String> one = new HashSet<>(Set.of(id));
        awaitLastStage(one);
    }

    /** Waits until one of {@code outstanding} has finished and removes it (all of them after the timeout). */
    private void awaitLastStage(Set<String> outstanding) {
        long deadline = System.nanoTime() + PER_REQUEST_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int before = outstanding.size();
            for (var r : results.poll(Duration.ofMillis(20))) {
                PartitionResult v = r.value();
                boolean last = v.getStageIndex() == v.getPlan().getStages().size() - 1;
                if (last || v.getStatus() == PartitionStatus.ERROR) {
                    outstanding.remove(r.key());
                }
            }
            outstanding.removeIf(received::containsKey);
            if (outstanding.size() < before) {
                return;
            }
            drainRecords(Duration.ZERO);
        }
        // no result: the records (REJECTED or FAILED) are collected below like any other
        outstanding.clear();
    }

    /** The emission records of {@code ids}, in order, waiting for those not received yet. */
    List<EmissionRecord> collect(List<String> ids) {
        long deadline = System.nanoTime() + PER_REQUEST_TIMEOUT.toNanos();
        while (!received.keySet().containsAll(ids)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("emission records missing for " + ids.stream().filter(i -> !received.containsKey(i)).count()
                        + " of " + ids.size() + " requests after " + PER_REQUEST_TIMEOUT);
            }
            drainRecords(Duration.ofMillis(100));
        }
        List<EmissionRecord> out = new ArrayList<>(ids.size());
        ids.forEach(i -> out.add(received.remove(i)));
        return out;
    }

    private void drainRecords(Duration timeout) {
        records.poll(timeout).forEach(r -> received.put(r.key(), r.value()));
    }

    private static void awaitAssignment(KafkaConsumer<?, ?> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(50));
        }
    }

    @Override
    public void close() {
        producer.close();
        results.close();
        records.close();
    }
}
