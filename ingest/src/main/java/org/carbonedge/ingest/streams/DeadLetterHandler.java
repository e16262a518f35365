package org.carbonedge.ingest.streams;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.dlq.DeadLetterRecords;
import org.carbonedge.schemas.serde.RecordFailures;
import org.carbonedge.schemas.serde.RegistryAvroSerializer;
import org.carbonedge.schemas.serde.RegistryClient;

/**
 * Kafka Streams' answer to an undecodable record, or to a record a processor throws on, in every CarbonEdge
 * Streams app: the record goes to {@code carbonedge.dead-letter} (reason, source topic/partition/offset, raw
 * bytes) through Streams' own dead-letter path, in the same transaction as the app's output, and processing
 * resumes. Without the processing half, one record that makes a processor throw (the ledger's or the telemetry
 * rollup's) stops the stream thread and, with it, the service. Streams hands these handlers {@link Exception}s
 * only: the serdes' bounded decoding ({@link org.carbonedge.schemas.serde.BoundedAvroReader}) turns what a record
 * makes Avro throw, {@link OutOfMemoryError} included, into one.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** Config key: registry URL (set by {@link StreamsSettings}). */
    public static final String REGISTRY_URL = "carbonedge.registry.url";
    /** Config key prefix: Confluent registry client settings (basic auth, TLS) for the dead letters' serializer. */
    public static final String REGISTRY_CLIENT_PREFIX = "carbonedge.registry.client.";
    /** Config key: service name recorded in the dead letter. */
    public static final String SERVICE = "carbonedge.service";

    private Serializer<DeadLetter> serializer;
    private String service;

    @Override
    public void configure(Map<String, ?> configs) {
        Object url = configs.get(REGISTRY_URL);
        if (url == null) {
            throw new IllegalStateException(REGISTRY_URL + " is not set for the dead-letter handler");
        }
        serializer = new RegistryAvroSerializer<>(new RegistryClient(url.toString(), registryConfigs(configs)),
                DeadLetter.getClassSchema(), false);
        Object s = configs.get(SERVICE);
        service = s == null ? "streams" : s.toString();
    }

    /** The registry client settings among {@code configs} (keys under {@link #REGISTRY_CLIENT_PREFIX}, prefix removed). */
    static Map<String, String> registryConfigs(Map<String, ?> configs) {
        Map<String, String> out = new java.util.HashMap<>();
        configs.forEach((k, v) -> {
            if (k.startsWith(REGISTRY_CLIENT_PREFIX) && v != null) {
                out.put(k.substring(REGISTRY_CLIENT_PREFIX.length()), v.toString());
            }
        });
        return out;
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record, Exception exception) {
        DeadLetter letter = DeadLetterRecords.of(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), "undecodable record: " + RecordFailures.describe(exception), exception, service, Instant.now());
        String dlq = Topics.DEAD_LETTER.name();
        return DeserializationExceptionHandler.Response.resume(
                List.of(new ProducerRecord<>(dlq, record.key(), serializer.serialize(dlq, letter))));
    }

    /** A processor threw on a record: dead-letter the source record that led to it (raw bytes) and go on. */
    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        String topic = context.topic() == null ? "(punctuation of " + context.processorNodeId() + ")" : context.topic();
        DeadLetter letter = DeadLetterRecords.of(topic, context.partition(), context.offset(), context.sourceRawKey(),
                context.sourceRawValue(), "processing failed in " + context.processorNodeId() + ": "
                        + RecordFailures.describe(exception), exception, service, Instant.now());
        String dlq = Topics.DEAD_LETTER.name();
        return ProcessingExceptionHandler.Response.resume(List.of(
                new ProducerRecord<>(dlq, context.sourceRawKey(), serializer.serialize(dlq, letter))));
    }
}
