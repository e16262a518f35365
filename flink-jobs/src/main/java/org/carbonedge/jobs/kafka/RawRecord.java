package org.carbonedge.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as read, bytes untouched, with where it came from. Sources emit these and a {@link DecodeFunction}
 * turns them into Avro objects, so a record that does not decode can be dead-lettered whole instead of failing the
 * job. A Flink POJO (public fields, no-argument constructor) so it needs no Kryo.
 */
public class RawRecord {

    /** Topic it was read from. */
    public String topic;
    /** Partition it was read from (-1 when it did not come from Kafka). */
    public int partition;
    /** Offset it was read from (-1 when it did not come from Kafka). */
    public long offset;
    /** Record timestamp, epoch milliseconds. */
    public long timestampMillis;
    /** Key bytes, may be null. */
    public byte[] key;
    /** Value bytes, may be null (a tombstone). */
    public byte[] value;

    public RawRecord() {
    }

    public RawRecord(String topic, int partition, long offset, long timestampMillis, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestampMillis = timestampMillis;
        this.key = key;
        this.value = value;
    }

    public static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
        return new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value());
    }

    /** The key as UTF-8 text (CarbonEdge keys are strings), or null. */
    public String keyString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** "topic@partition:offset", for messages. */
    public String origin() {
        return topic + "@" + partition + ":" + offset;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RawRecord r)) {
            return false;
        }
        return partition == r.partition && offset == r.offset && timestampMillis == r.timestampMillis
                && Objects.equals(topic, r.topic) && Arrays.equals(key, r.key) && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return "RawRecord{" + origin() + ", key=" + keyString() + ", " + (value == null ? "null" : value.length + " bytes") + "}";
    }
}
