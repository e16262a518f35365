package org.carbonedge.schemas.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.serde.RecordFailures;

/**
 * A consumer of one catalog topic that never stops on a bad record: it reads raw bytes, decodes each record with
 * the topic's serdes, and sends whatever does not decode to the dead-letter topic (reason, source
 * topic/partition/offset, raw bytes) before handing back the rest. Offsets are committed by the caller, after it
 * has processed the returned records, so nothing is lost.
 */
public final class DeadLetteringConsumer<V extends SpecificRecord> implements AutoCloseable {

    private final Consumer<byte[], byte[]> consumer;
    private final Topic<V> topic;
    private final DeadLetterPublisher deadLetters;
    private long deadLettered;

    public DeadLetteringConsumer(Consumer<byte[], byte[]> consumer, Topic<V> topic, DeadLetterPublisher deadLetters) {
        this.consumer = consumer;
        this.topic = topic;
        this.deadLetters = deadLetters;
    }

    /** A consumer in {@code groupId} subscribed to {@code topic}. */
    public static <V extends SpecificRecord> DeadLetteringConsumer<V> subscribe(
            ClientSettings settings, String groupId, Topic<V> topic, DeadLetterPublisher deadLetters) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.consumer(groupId),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic.name()));
        return new DeadLetteringConsumer<>(consumer, topic, deadLetters);
    }

    /** A record that decoded, with its raw bytes kept for dead-lettering it later if its content is bad. */
    public record Decoded<V>(ConsumerRecord<byte[], byte[]> raw, String key, V value) {
    }

    /** Polls once; returns the records that decoded, dead-lettering the others. */
    public List<ConsumerRecord<String, V>> poll(Duration timeout) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        for (Decoded<V> d : pollDecoded(timeout)) {
            ConsumerRecord<byte[], byte[]> raw = d.raw();
            records.add(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(),
                    raw.timestampType(), raw.serializedKeySize(), raw.serializedValueSize(), d.key(), d.value(),
                    raw.headers(), raw.leaderEpoch()));
        }
        return records;
    }

    /** Polls once; returns the records that decoded with their raw bytes, dead-lettering the others. */
    public List<Decoded<V>> pollDecoded(Duration timeout) {
        List<Decoded<V>> decoded = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(timeout)) {
            String key;
            V value;
            try {
                key = topic.keySerde().deserializer().deserialize(raw.topic(), raw.key());
                value = topic.valueSerde().deserializer().deserialize(raw.topic(), raw.value());
            } catch (Throwable e) { // also an Error one record caused: it must not end the consumer's loop
                RecordFailures.rethrowIfFatal(e);
                deadLetters.publish(raw, "undecodable " + topic.def().valueType().getSimpleName() + ": "
                        + RecordFailures.describe(e), e);
                deadLettered++;
                continue;
            }
            if (value == null) {
                deadLetters.publish(raw, "null value (tombstone) where a " + topic.def().valueType().getSimpleName()
                        + " was expected", null);
                deadLettered++;
                continue;
            }
            decoded.add(new Decoded<>(raw, key, value));
        }
        return decoded;
    }

    /** Commits the positions of everything polled so far. */
    public void commitSync() {
        consumer.commitSync();
    }

    /** The underlying consumer, for assignment, seeking and metrics. */
    public Consumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /** Records sent to the dead-letter topic by this consumer. */
    public long deadLettered() {
        return deadLettered;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
