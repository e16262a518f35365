package org.carbonedge.ingest.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.HeldRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RecordFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background consumer thread of a client or gateway. It reads {@code carbonedge.models} from the beginning
 * (into a {@link ModelCatalog}) and the outcome topics — emissions, dead letters and optionally partition results
 * and held-request notices —
 * from their current end, read_committed, and hands every record to an {@link OutcomeListener}. It assigns
 * partitions itself (no consumer group, nothing committed): every client sees every outcome and picks its own.
 * {@link #start} returns only once the outcome topics' positions are fixed and the models are read up to their
 * end, so an outcome of a request published afterwards cannot be missed and validation sees every known model.
 * A record that does not decode is skipped with a warning (the topic's owner dead-letters it).
 */
public final class OutcomeFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeFollower.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ModelCatalog models = new ModelCatalog();
    private final OutcomeListener listener;
    private final boolean partitionResults;
    private final boolean heldRequests;
    private final Duration startTimeout;
    private final String bootstrap;
    private final Deserializer<ModelManifest> manifests;
    private final Deserializer<EmissionRecord> emissions;
    private final Deserializer<PartitionResult> results;
    private final Deserializer<DeadLetter> deadLetters;
    private final Deserializer<HeldRequest> heldNotices;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean closing;

    private OutcomeFollower(ClientSettings settings, TopicCatalog catalog, String clientId, boolean partitionResults,
                            boolean heldRequests, OutcomeListener listener, Duration startTimeout) {
        Map<String, Object> config = settings.consumer(clientId);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.listener = listener;
        this.partitionResults = partitionResults;
        this.heldRequests = heldRequests;
        this.startTimeout = startTimeout;
        this.bootstrap = settings.bootstrapServers();
        this.manifests = catalog.topic(Topics.MODELS).valueSerde().deserializer();
        this.emissions = catalog.topic(Topics.EMISSIONS).valueSerde().deserializer();
        this.results = catalog.topic(Topics.PARTITION_RESULTS).valueSerde().deserializer();
        this.deadLetters = catalog.topic(Topics.DEAD_LETTER).valueSerde().deserializer();
        this.heldNotices = heldRequests ? catalog.topic(Topics.HELD_REQUESTS).valueSerde().deserializer() : null;
        this.thread = new Thread(this::run, clientId + "-follower");
        this.thread.setDaemon(true);
    }

    /**
     * Starts following and returns once caught up on models and positioned at the end of the outcome topics.
     *
     * @param partitionResults also follow {@code carbonedge.partition-results} (for predictions)
     * @throws IllegalStateException when Kafka or the topics cannot be reached within {@code startTimeout}
     */
    public static OutcomeFollower start(ClientSettings settings, TopicCatalog catalog, String clientId,
                                        boolean partitionResults, OutcomeListener listener, Duration startTimeout) {
        return start(settings, catalog, clientId, partitionResults, false, listener, startTimeout);
    }

    /**
     * Starts following as {@link #start(ClientSettings, TopicCatalog, String, boolean, OutcomeListener, Duration)}
     * does, and also {@code carbonedge.held-requests} when {@code heldRequests} (for the HELD status).
     */
    public static OutcomeFollower start(ClientSettings settings, TopicCatalog catalog, String clientId,
                                        boolean partitionResults, boolean heldRequests, OutcomeListener listener,
                                        Duration startTimeout) {
        OutcomeFollower follower = new OutcomeFollower(settings, catalog, clientId, partitionResults, heldRequests,
                listener, startTimeout);
        follower.thread.start();
        boolean started;
        try {
            started = follower.ready.await(startTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            follower.close();
            throw new IllegalStateException("interrupted while connecting to Kafka", e);
        }
        if (!started || follower.failure != null) {
            Throwable cause = follower.failure;
            follower.close();
            throw new IllegalStateException("cannot follow CarbonEdge topics on Kafka at " + settings.bootstrapServers()
                    + " within " + startTimeout.toSeconds() + " s" + (cause == null ? "" : ": " + cause.getMessage())
                    + " (is 'carbonedge up' running?)", cause);
        }
        return follower;
    }

    /** The registered models, kept current. */
    public ModelCatalog models() {
        return models;
    }

    private void run() {
        try {
            List<TopicPartition> modelPartitions = partitions(Topics.MODELS.name());
            List<TopicPartition> outcomes = new ArrayList<>(partitions(Topics.EMISSIONS.name()));
            outcomes.addAll(partitions(Topics.DEAD_LETTER.name()));
            if (partitionResults) {
                outcomes.addAll(partitions(Topics.PARTITION_RESULTS.name()));
            }
            if (heldRequests) {
                outcomes.addAll(partitions(Topics.HELD_REQUESTS.name()));
            }
            List<TopicPartition> all = new ArrayList<>(modelPartitions);
            all.addAll(outcomes);
            consumer.assign(all);
            consumer.seekToBeginning(modelPartitions);
            consumer.seekToEnd(outcomes);
            for (TopicPartition tp : all) {
                consumer.position(tp, startTimeout); // resolve now: later records cannot be skipped
            }
            Map<TopicPartition, Long> modelsEnd = consumer.endOffsets(modelPartitions, startTimeout);
            boolean caughtUp = caughtUp(modelsEnd);
            if (caughtUp) {
                ready.countDown();
            }
            while (!closing) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    dispatch(r);
                }
                if (!caughtUp && caughtUp(modelsEnd)) {
                    caughtUp = true;
                    ready.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            if (ready.getCount() == 0) {
                LOG.error("outcome follower stopped", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
            ready.countDown();
        }
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, startTimeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("no answer from " + bootstrap + " about topic " + topic, e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> out = new ArrayList<>(infos.size());
        infos.forEach(p -> out.add(new TopicPartition(topic, p.partition())));
        return out;
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void dispatch(ConsumerRecord<String, byte[]> r) {
        String topic = r.topic();
        try {
            if (topic.equals(Topics.MODELS.name())) {
                models.update(r.key(), r.value() == null ? null : manifests.deserialize(topic, r.value()));
            } else if (r.value() == null) {
                return;
            } else if (topic.equals(Topics.EMISSIONS.name())) {
                listener.onEmission(emissions.deserialize(topic, r.value()));
            } else if (topic.equals(Topics.PARTITION_RESULTS.name())) {
                listener.onPartitionResult(results.deserialize(topic, r.value()));
            } else if (topic.equals(Topics.DEAD_LETTER.name())) {
                listener.onDeadLetter(r.key(), deadLetters.deserialize(topic, r.value()));
            } else if (heldRequests && topic.equals(Topics.HELD_REQUESTS.name())) {
                listener.onHeldRequest(heldNotices.deserialize(topic, r.value()));
            }
        } catch (Throwable e) { // an Error one record causes must not stop the client's only consumer thread
            RecordFailures.rethrowIfFatal(e);
            LOG.warn("skipping record {}-{}@{}: {}", topic, r.partition(), r.offset(), RecordFailures.describe(e));
        }
    }

    /** Why the follower stopped following while nobody closed it (null while it follows). */
    public Throwable failure() {
        Throwable f = failure;
        if (f == null && !closing && !thread.isAlive() && ready.getCount() == 0) {
            return new IllegalStateException("the outcome follower thread ended");
        }
        return f;
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
