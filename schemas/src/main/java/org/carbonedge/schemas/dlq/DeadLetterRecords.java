package org.carbonedge.schemas.dlq;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.carbonedge.avro.DeadLetter;

/** Builds the one dead-letter record every service writes: where the record came from, its raw bytes, and why. */
public final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    /**
     * A dead letter for a record read from {@code sourceTopic} at {@code partition}/{@code offset} (-1 when it did
     * not come from Kafka); {@code error} (nullable) names the exception class.
     */
    public static DeadLetter of(String sourceTopic, int partition, long offset, byte[] key, byte[] value, String reason,
                                Throwable error, String service, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(sourceTopic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReason(reason)
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setService(service)
                .setFailedAt(failedAt)
                .build();
    }
}
