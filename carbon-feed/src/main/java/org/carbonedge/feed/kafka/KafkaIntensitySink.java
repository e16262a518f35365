package org.carbonedge.feed.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.TimeoutException;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.replay.IntensitySink;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;

/**
 * Publishes grid-intensity records to {@code carbonedge.grid-intensity}, the one place replayed files, live APIs
 * and the demo feed reach Kafka. Key = zone (so a zone's records share a partition and keep their order), Kafka
 * timestamp = {@code validFrom} (event time, what Flink's watermarks follow), values in the Confluent wire format
 * through the topic catalog's serializer. The producer is idempotent with {@code acks=all}, so broker retries
 * neither duplicate nor reorder records.
 *
 * <p>{@link #flush()} returns only when every record accepted so far is acknowledged, and throws when any was not:
 * the replay engine writes its resume checkpoint after a flush, which makes resumed replays at-least-once. The
 * first failure is sticky: later calls fail at once instead of pouring records into a broken producer. Records are
 * never modified. Use from one thread at a time.
 */
public final class KafkaIntensitySink implements IntensitySink {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, GridIntensity> producer;
    private final String topic;
    private final String bootstrapServers;
    private final Callback callback = this::onCompletion;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;
    private boolean closed;

    private KafkaIntensitySink(Producer<String, GridIntensity> producer, String topic, String bootstrapServers) {
        this.producer = producer;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Opens a producer for the grid-intensity topic and checks, before anything is sent, that the broker answers,
     * the topic exists and its schema is registered, so a wrong address or a platform that is not up is one clear
     * line rather than a failure in the middle of a replay.
     *
     * @param clientId Kafka client id, e.g. {@code carbonedge-replay}
     * @throws FeedException when the broker, the topic or the schema is not there
     */
    public static KafkaIntensitySink open(ClientSettings settings, String clientId, ProducerTuning tuning) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tuning, "tuning");
        Topic<GridIntensity> topic = settings.catalog().topic(Topics.GRID_INTENSITY);
        Map<String, Object> config = tuning.applyTo(settings.producer(clientId), settings.kafkaOverrides());
        KafkaProducer<String, GridIntensity> producer;
        try {
            producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
        } catch (RuntimeException e) {
            throw new FeedException("cannot create a Kafka producer for " + settings.bootstrapServers() + ": "
                    + message(e), e);
        }
        KafkaIntensitySink sink = new KafkaIntensitySink(producer, topic.name(), settings.bootstrapServers());
        try {
            sink.preflight(topic, tuning.maxBlock());
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return sink;
    }

    private void preflight(Topic<GridIntensity> boundTopic, Duration maxBlock) {
        List<PartitionInfo> partitions;
        try {
            partitions = producer.partitionsFor(topic);
        } catch (TimeoutException e) {
            throw new FeedException("Kafka at " + bootstrapServers + ": topic " + topic + " not found within "
                    + maxBlock.toSeconds() + " s (is the platform up? start it with ./carbonedge up, or pass"
                    + " --bootstrap)", e);
        } catch (RuntimeException e) {
            throw new FeedException("Kafka at " + bootstrapServers + ": " + message(e), e);
        }
        if (partitions == null || partitions.isEmpty()) {
            throw new FeedException("Kafka at " + bootstrapServers + ": topic " + topic + " has no partitions");
        }
        GridIntensity probe = new GridIntensity("probe", Instant.EPOCH, Instant.EPOCH.plusSeconds(3600), 0.0,
                SignalType.AVERAGE, IntensityKind.ESTIMATED, "preflight", null);
        try {
            boundTopic.valueSerde().serializer().serialize(topic, probe);
        } catch (RuntimeException e) {
            throw new FeedException("schema registry: cannot use the schema of " + topic + ": " + message(e)
                    + " (is the registry up and the schema registered? ./carbonedge up does both)", e);
        }
    }

    /** Sends {@code record} asynchronously; failures surface at the next call or at {@link #flush()}. */
    @Override
    public void accept(GridIntensity record) {
        checkUsable();
        ProducerRecord<String, GridIntensity> out = new ProducerRecord<>(topic, null,
                record.getValidFrom().toEpochMilli(), record.getZone(), record);
        try {
            producer.send(out, callback);
        } catch (RuntimeException e) {
            throw new FeedException("cannot publish " + record.getZone() + " " + record.getValidFrom() + " to "
                    + topic + ": " + message(e), e);
        }
        sent++;
    }

    /** Blocks until every record sent so far is acknowledged by the broker. */
    @Override
    public void flush() {
        checkUsable();
        try {
            producer.flush();
        } catch (RuntimeException e) {
            throw new FeedException("Kafka at " + bootstrapServers + ": flush failed: " + message(e), e);
        }
        throwIfFailed();
    }

    /**
     * Flushes and closes the producer. After a failure it closes at once without waiting (the failure was already
     * reported), so a dead broker does not hold the command for the delivery timeout.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (failure.get() != null) {
            closed = true;
            producer.close(Duration.ZERO);
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            producer.close(CLOSE_TIMEOUT);
        }
    }

    /** Records handed to the producer. */
    public long sent() {
        return sent;
    }

    /** Records the broker acknowledged. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Records the broker or the producer gave up on. */
    public long failed() {
        return failed.get();
    }

    public String topic() {
        return topic;
    }

    private void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            acknowledged.incrementAndGet();
        } else {
            failed.incrementAndGet();
            // a refused batch fails every record in it; the one with the reason (its timestamp) is worth reporting
            failure.accumulateAndGet(exception, (current, next) -> current == null
                    || (next instanceof InvalidTimestampException && !(current instanceof InvalidTimestampException))
                    ? next : current);
        }
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("grid-intensity sink is closed");
        }
        throwIfFailed();
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new FeedException("Kafka at " + bootstrapServers + " did not acknowledge " + failed.get()
                    + " record(s) sent to " + topic + ": " + message(e) + hint(e), e);
        }
    }

    private static String hint(Exception e) {
        if (e instanceof InvalidTimestampException) {
            return " (the broker refuses event times more than message.timestamp.after.max.ms, 1 h by default,"
                    + " in the future: raise it on the topic, or replay without rebasing ahead of now)";
        }
        if (e instanceof TimeoutException) {
            return " (is the broker still up?)";
        }
        return "";
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
