package org.carbonedge.jobs.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.carbonedge.common.ClientSettings;

/**
 * Reads single records back from their Kafka position: jobs keep positions in state, not payloads (the emissions
 * job re-dispatches a task, the router releases a held request). Assigned, never subscribed: no consumer group,
 * nothing committed. A blocking read (one seek, polls until the offset or the timeout), for rare, off-path reads.
 * Not thread-safe.
 */
public final class RecordAtPosition implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    public RecordAtPosition(ClientSettings settings, Duration timeout) {
        Map<String, Object> config = settings.consumer("unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.timeout = timeout;
    }

    /** How long {@link #read} looks. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The record at {@code offset} of {@code topic}'s {@code partition}, or null when the log no longer has it
     * (compacted, deleted by retention) or it was not read within the timeout.
     */
    public ConsumerRecord<byte[], byte[]> read(String topic, int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() == offset) {
                    return r;
                }
                if (r.offset() > offset) {
                    return null; // compacted or deleted: the log went on without it
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
