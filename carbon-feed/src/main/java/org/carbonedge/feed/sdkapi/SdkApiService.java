package org.carbonedge.feed.sdkapi;

import java.time.Clock;
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
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Health;
import org.carbonedge.common.Service;
import org.carbonedge.common.http.AccessCheck;
import org.carbonedge.common.http.HttpListener;
import org.carbonedge.common.http.HttpListenerSettings;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RecordFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code carbonedge feed serve-sdk-api}: follows {@code carbonedge.grid-intensity} from the beginning
 * (read_committed, every partition assigned, no consumer group, nothing committed) into an {@link IntensityStore},
 * and serves it through the Carbon Aware SDK Web API's read endpoints ({@link SdkApiHandler}) on an
 * {@link HttpListener}: loopback unless told otherwise, GET only, no request bodies. A record that does not decode
 * is skipped with a warning; a consumer that stops makes the service FAILED.
 */
public final class SdkApiService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(SdkApiService.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ClientSettings settings;
    private final TopicCatalog catalog;
    private final HttpListenerSettings http;
    private final IntensityStore store;
    private final SdkQueries queries;
    private final Duration startTimeout;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile Throwable failure;
    private volatile boolean closing;
    private volatile boolean caughtUp;
    private HttpListener listener;

    public SdkApiService(ClientSettings settings, TopicCatalog catalog, HttpListenerSettings http, IntensityStore store,
                         Clock clock, Duration startTimeout) {
        this.settings = settings;
        this.catalog = catalog;
        this.http = http.withMaxBodyBytes(1024); // GET only: no request carries a body worth reading
        this.store = store;
        this.queries = new SdkQueries(store, clock);
        this.startTimeout = startTimeout;
    }

    @Override
    public String name() {
        return "sdk-api";
    }

    @Override
    public synchronized void start() {
        Map<String, Object> config = settings.consumer("carbonedge-sdk-api");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "carbonedge-sdk-api");
        Deserializer<GridIntensity> values = catalog.topic(Topics.GRID_INTENSITY).valueSerde().deserializer();
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(() -> follow(values), "sdk-api-follower");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!assigned.await(startTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS) || failure != null) {
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
        listener = HttpListener.start("sdk-api", http, SdkJson.errorFormat(), AccessCheck.OPEN,
                Map.of("/", new SdkApiHandler(queries)));
    }

    private void follow(Deserializer<GridIntensity> values) {
        String topic = Topics.GRID_INTENSITY.name();
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, startTimeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist (run 'carbonedge init')");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, startTimeout);
            assigned.countDown();
            while (!closing) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        store.add(values.deserialize(topic, r.value()));
                    } catch (Throwable e) { // one bad record must not stop the only consumer
                        RecordFailures.rethrowIfFatal(e);
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

    /** The store the consumer fills (for tests and the status line). */
    public IntensityStore store() {
        return store;
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8095}. */
    public String url() {
        return listener == null ? null : listener.url();
    }

    @Override
    public Health health() {
        Throwable f = failure;
        if (f != null) {
            return Health.failed(f);
        }
        Thread t = thread;
        if (!closing && t != null && !t.isAlive()) {
            return Health.failed("the grid-intensity follower thread ended");
        }
        return caughtUp ? Health.up(store.counts()) : Health.starting("reading " + Topics.GRID_INTENSITY.name()
                + " from the beginning; " + store.counts());
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (listener != null) {
            listener.close();
        }
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
