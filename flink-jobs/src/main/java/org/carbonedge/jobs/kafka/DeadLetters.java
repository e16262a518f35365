package org.carbonedge.jobs.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;
import org.carbonedge.avro.DeadLetter;

/**
 * The one side output every CarbonEdge Flink function sends unusable records to, and how such records are
 * described. Collect it with {@code stream.getSideOutput(DeadLetters.TAG)} and write it with
 * {@link KafkaSinks#deadLetters}.
 */
public final class DeadLetters {

    /** Side output of dead letters (records that could not be decoded or were invalid). */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private DeadLetters() {
    }

    /** A dead letter keeping {@code record} whole, with its origin and the reason. */
    public static DeadLetter of(RawRecord record, String reason, Throwable error, String service, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(record.topic)
                .setSourcePartition(record.partition)
                .setSourceOffset(record.offset)
                .setKey(record.key == null ? null : ByteBuffer.wrap(record.key))
                .setValue(record.value == null ? null : ByteBuffer.wrap(record.value))
                .setReason(reason == null ? String.valueOf(error) : reason)
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setService(service)
                .setFailedAt(failedAt)
                .build();
    }

    /**
     * A dead letter for a record that was decoded but cannot be used (its raw bytes are no longer at hand):
     * partition and offset -1, key kept as text.
     */
    public static DeadLetter invalid(String sourceTopic, String key, String reason, String service, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(sourceTopic)
                .setSourcePartition(-1)
                .setSourceOffset(-1)
                .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setValue(null)
                .setReason(reason)
                .setErrorClass(null)
                .setService(service)
                .setFailedAt(failedAt)
                .build();
    }

    /** The dead letter's Kafka key: its source key as UTF-8 text (null when the source had none). */
    public static String keyOf(DeadLetter letter) {
        ByteBuffer key = letter.getKey();
        if (key == null) {
            return null;
        }
        ByteBuffer copy = key.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
