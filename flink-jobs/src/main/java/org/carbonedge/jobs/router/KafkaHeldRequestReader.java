package org.carbonedge.jobs.router;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.jobs.kafka.RecordAtPosition;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RegistryAvroDeserializer;

/** Reads held requests back from {@code carbonedge.validated-requests} (bounded decoder, as every consumer). */
final class KafkaHeldRequestReader implements HeldRequestReader {

    /** Longest one held request is looked for. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final RecordAtPosition reader;
    private final RegistryAvroDeserializer<InferenceRequest> deserializer;

    KafkaHeldRequestReader(ClientSettings settings) {
        this.reader = new RecordAtPosition(settings, READ_TIMEOUT);
        this.deserializer = new RegistryAvroDeserializer<>(settings.registryClient(), InferenceRequest.class,
                InferenceRequest.getClassSchema());
    }

    @Override
    public InferenceRequest read(String requestId, int partition, long offset) {
        String where = Topics.VALIDATED_REQUESTS.name() + "@" + partition + ":" + offset;
        ConsumerRecord<byte[], byte[]> record;
        try {
            record = reader.read(Topics.VALIDATED_REQUESTS.name(), partition, offset);
        } catch (RuntimeException e) {
            throw new HeldRequestUnreadable("cannot read the held request back at " + where + ": " + e, e);
        }
        if (record == null) {
            throw new HeldRequestUnreadable("the held request is no longer at " + where + " (retention?) after "
                    + READ_TIMEOUT.toSeconds() + " s", null);
        }
        InferenceRequest request;
        try {
            request = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            throw new HeldRequestUnreadable("cannot decode the held request at " + where + ": " + e.getMessage(), e);
        }
        if (!requestId.equals(request.getRequestId())) {
            throw new HeldRequestUnreadable("the record at " + where + " is request " + request.getRequestId()
                    + ", not " + requestId, null);
        }
        return request;
    }

    @Override
    public void close() {
        reader.close();
    }
}
