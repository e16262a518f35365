package org.carbonedge.jobs.router;

import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.jobs.kafka.DecodeFunction;
import org.carbonedge.schemas.serde.RegistryAvroDeserializer;

/**
 * A request with where it was read: the router holds a deferrable request by this position and reads it back at
 * release, instead of keeping its tensors in state. Flink serialises it as a POJO (the request with its Avro
 * serializer); it only travels between operators.
 *
 * @param request   the request
 * @param partition its partition of {@code carbonedge.validated-requests}, -1 when it did not come from Kafka
 * @param offset    its offset there, -1 when it did not come from Kafka
 */
public record PositionedRequest(InferenceRequest request, int partition, long offset) {

    /** A request that did not come from Kafka (tests, in-memory sources): held with its tensors. */
    public static PositionedRequest of(InferenceRequest request) {
        return new PositionedRequest(request, -1, -1);
    }

    /** Decodes validated requests (the bounded registry decoder) with the position they were read at. */
    static DecodeFunction.RecordDecoder<PositionedRequest> decoder(ClientSettings settings) {
        RegistryAvroDeserializer<InferenceRequest> d = new RegistryAvroDeserializer<>(settings.registryClient(),
                InferenceRequest.class, InferenceRequest.getClassSchema());
        return r -> new PositionedRequest(d.deserialize(r.topic, r.value), r.partition, r.offset);
    }

    /** Whether it can be read back from Kafka. */
    public boolean hasPosition() {
        return partition >= 0 && offset >= 0;
    }

    @Override
    public String toString() {
        return request.getRequestId() + "@" + partition + ":" + offset;
    }
}
