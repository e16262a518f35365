package org.carbonedge.ingest.validation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.dlq.DeadLetterRecords;
import org.carbonedge.schemas.serde.RecordFailures;
import org.carbonedge.schemas.validation.RequestValidator;

/**
 * Reads one published request (raw bytes), checks it against its model's manifest and sends it on unchanged, or a
 * dead letter saying why it was refused and where it came from. Requests are decoded by the bounded
 * {@link org.carbonedge.schemas.serde.RegistryAvroDeserializer}; whatever one record makes decoding or validation
 * throw, an {@link Error} such as {@link OutOfMemoryError} included, dead-letters that record instead of killing the
 * stream thread (Streams' own handlers only see {@link Exception}s).
 */
final class ValidateProcessor implements Processor<String, byte[], String, Object> {

    private final RequestValidator validator;
    private final Deserializer<InferenceRequest> requests;
    private final String service;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ModelManifest> manifests;

    ValidateProcessor(RequestValidator validator, Deserializer<InferenceRequest> requests, String service) {
        this.validator = validator;
        this.requests = requests;
        this.service = service;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.manifests = context.getStateStore(RequestValidation.MANIFESTS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Optional<String> problem;
        try {
            problem = problem(record);
        } catch (Throwable e) { // a record that breaks decoding or the validator (even with an Error) is its own fault
            RecordFailures.rethrowIfFatal(e);
            problem = Optional.of("cannot validate the request: " + e);
        }
        if (problem.isEmpty()) {
            context.forward(record, RequestValidation.VALID);
        } else {
            context.forward(new Record<String, Object>(record.key(), deadLetter(record, problem.get()), record.timestamp()),
                    RequestValidation.DEAD_LETTER);
        }
    }

    /** Why the record cannot be planned, or empty when it can. */
    private Optional<String> problem(Record<String, byte[]> record) {
        byte[] bytes = record.value();
        if (bytes == null) {
            return Optional.of("empty record (no request)");
        }
        if (bytes.length > validator.maxRequestBytes() + (1 << 20)) {
            return Optional.of("request is " + bytes.length + " bytes, over the limit of " + validator.maxRequestBytes());
        }
        InferenceRequest request;
        try {
            request = requests.deserialize(topic(), bytes);
        } catch (Throwable e) {
            RecordFailures.rethrowIfFatal(e);
            return Optional.of("undecodable record: " + RecordFailures.describe(e));
        }
        if (request == null) {
            return Optional.of("empty record (no request)");
        }
        ModelManifest manifest = request.getModelId() == null ? null : manifests.get(request.getModelId());
        return validator.problem(request, manifest);
    }

    private DeadLetter deadLetter(Record<String, byte[]> record, String reason) {
        Optional<RecordMetadata> source = context.recordMetadata();
        return DeadLetterRecords.of(source.map(RecordMetadata::topic).orElse(topic()),
                source.map(RecordMetadata::partition).orElse(-1), source.map(RecordMetadata::offset).orElse(-1L),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), reason, null,
                service, Instant.now());
    }

    private String topic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.REQUESTS.name());
    }
}
