package org.carbonedge.feed.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Health;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RecordFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code carbonedge.grid-intensity} from the beginning on its own thread — read_committed, every partition
 * assigned, no consumer group, nothing committed — and hands each record to a callback: what a service that keeps
 * the intensity history in memory needs (the SDK Web API, the built-in forecaster). A record that does not decode is
 * skipped with a warning; a callback that throws for one record skips it too (one bad record must not stop the only
 * consumer); a consumer that stops is reported by {@link #failure()} and {@link #health}.
 */
public final class IntensityFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntensityFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ClientSettings settings;
    private final TopicCatalog catalog;
    private final String clientId;
    private final Consumer<GridIntensity> sink;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile Throwable failure;
    private volatile boolean closing;
    private volatile boolean caughtUp;
    private volatile long skipped;

    public IntensityFollower(ClientSettings settings, TopicCatalog catalog, String clientId, Consumer<GridIntensity> sink) {
        this.settings = settings;
        this.catalog = catalog;
        this.clientId = clientId;
        this.sink = sink;
    }

    /**
     * Starts following; returns once the partitions are assigned.
     *
     * @throws IllegalStateException when Kafka or the topic cannot be reached within {@code timeout}
     */
    public synchronized void start(Duration timeout) {
        Map<String, Object> config = settings.consumer(clientId);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        Deserializer<GridIntensity> values = catalog.topic(Topics.GRID_INTENSITY).valueSerde().deserializer();
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(() -> follow(values, timeout), clientId + "-follower");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!assigned.await(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS) || failure != null) {
                Throwable cause = failure;
                close();
                throw new IllegalStateException("cannot follow " + Topics.GRID_INTENSITY.name() + " on Kafka at "
                        + settings.bootstrapServers() + (cause == null ? "" : ": " + cause.getMessage()), cause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while connecting to Kafka", e);
        }
    }

    private void follow(Deserializer<GridIntensity> values, Duration timeout) {
        String topic = Topics.GRID_INTENSITY.name();
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist (run 'carbonedge init')");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            assigned.countDown();
            while (!closing) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        sink.accept(values.deserialize(topic, r.value()));
                    } catch (Throwable e) {
                        RecordFailures.rethrowIfFatal(e);
                        skipped++;
                        LOG.warn("skipping record {}-{}@{}: {}", topic, r.partition(), r.offset(), RecordFailures.describe(e));
                    }
                }
                if (!caughtUp) {
                    caughtUp = ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("grid-intensity follower stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
            assigned.countDown();
        }
    }

    /** Whether every record that was on the topic at start has been handed over (what follows is live). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records skipped because they did not decode or the callback threw. */
    public long skipped() {
        return skipped;
    }

    /** Why the consumer stopped, or null while it runs. */
    public Throwable failure() {
        return failure;
    }

    /**
     * FAILED when the consumer stopped; otherwise UP with {@code detail} once caught up, STARTING before.
     */
    public Health health(String detail) {
        Throwable f = failure;
        if (f != null) {
            return Health.failed(f);
        }
        Thread t = thread;
        if (!closing && t != null && !t.isAlive()) {
            return Health.failed("the grid-intensity follower thread ended");
        }
        return caughtUp ? Health.up(detail) : Health.starting("reading " + Topics.GRID_INTENSITY.name()
                + " from the beginning; " + detail);
    }

    @Override
    public synchronized void close() {
        closing = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null && Thread.currentThread() != t) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
