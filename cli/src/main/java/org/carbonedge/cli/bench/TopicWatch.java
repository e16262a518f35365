package org.carbonedge.cli.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A thread that polls one topic continuously, from its beginning, and tells a listener of each record with the
 * instant this JVM's clock read when the poll that returned it came back: when the record became visible to a
 * reader with the given consumer settings (read_committed for the pipeline's own). Partitions are assigned, not
 * subscribed, so no group rebalance delays the first fetch.
 */
final class TopicWatch<V> implements AutoCloseable {

    /** Told of every record, on the watch's thread. */
    interface Listener<V> {
        void seen(String key, V value, long visibleEpochNanos);
    }

    /** Poll timeout: short, so a poll returns soon after the broker answers and the thread stops promptly. */
    static final Duration POLL = Duration.ofMillis(5);

    private final String topic;
    private final KafkaConsumer<String, V> consumer;
    private final Listener<V> listener;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private TopicWatch(String topic, Map<String, Object> config, Deserializer<String> keys, Deserializer<V> values,
                       Listener<V> listener) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(config, keys, values);
        this.listener = listener;
        this.thread = new Thread(this::run, "watch-" + topic);
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code topic} and returns once its partitions are assigned. */
    static <V> TopicWatch<V> start(String topic, Map<String, Object> consumerConfig, Deserializer<String> keys,
                                   Deserializer<V> values, Listener<V> listener, Duration timeout)
            throws InterruptedException {
        TopicWatch<V> watch = new TopicWatch<>(topic, consumerConfig, keys, values, listener);
        watch.thread.start();
        if (!watch.assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            watch.close();
            throw new IllegalStateException("watch of " + topic + " not assigned after " + timeout);
        }
        watch.check();
        return watch;
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assigned.countDown();
            while (running) {
                ConsumerRecords<String, V> batch = consumer.poll(POLL);
                if (batch.isEmpty()) {
                    continue;
                }
                long now = epochNanos(Instant.now());
                for (ConsumerRecord<String, V> r : batch) {
                    if (r.key() != null) {
                        listener.seen(r.key(), r.value(), now);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure.set(e);
            }
        } catch (RuntimeException | Error e) {
            failure.set(e);
        } finally {
            assigned.countDown();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Throws what stopped the watch, if anything did. */
    void check() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("watch of " + topic + " failed: " + t, t);
        }
        if (!thread.isAlive() && running) {
            throw new IllegalStateException("watch of " + topic + " ended");
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
