package org.carbonedge.jobs.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.schemas.dlq.DeadLetterRecords;

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
        return DeadLetterRecords.of(record.topic, record.partition, record.offset, record.key, record.value,
                reason == null ? String.valueOf(error) : reason, error, service, failedAt);
    }

    /**
     * A dead letter for a record that was decoded but cannot be used (its raw bytes are no longer at hand):
     * partition and offset -1, key kept as text.
     */
    public static DeadLetter invalid(String sourceTopic, String key, String reason, String service, Instant failedAt) {
        return DeadLetterRecords.of(sourceTopic, -1, -1, key == null ? null : key.getBytes(StandardCharsets.UTF_8), null,
                reason, null, service, failedAt);
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
