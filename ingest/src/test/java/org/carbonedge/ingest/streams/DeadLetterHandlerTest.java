package org.carbonedge.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RegistryAvroDeserializer;
import org.carbonedge.schemas.serde.RegistryClient;
import org.junit.jupiter.api.Test;

/**
 * A record a Streams processor throws on becomes a dead letter (reason naming the processor, source position, raw
 * bytes) and processing resumes, as an undecodable one does; written with the real registry client.
 */
class DeadLetterHandlerTest {

    /** Where Streams says the failing record came from. */
    private record Context(String topic, int partition, long offset, String processorNodeId, byte[] sourceRawKey,
                           byte[] sourceRawValue) implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, partition);
        }

        @Override
        public long timestamp() {
            return 0;
        }
    }

    @Test
    void aRecordAProcessorThrowsOnIsDeadLetteredAndProcessingResumes() {
        try (SchemaRegistryServer server = SchemaRegistryServer.start(new InMemorySchemaStore(), "127.0.0.1", 0)) {
            RegistryClient registry = new RegistryClient(server.url());
            registry.register(Topics.DEAD_LETTER.valueSubject(), DeadLetter.getClassSchema());
            DeadLetterHandler handler = new DeadLetterHandler();
            handler.configure(Map.of(DeadLetterHandler.REGISTRY_URL, server.url(), DeadLetterHandler.SERVICE, "ledger"));
            byte[] key = "r-1".getBytes(StandardCharsets.UTF_8);
            byte[] value = {0, 0, 0, 0, 1, 2};

            ProcessingExceptionHandler.Response response = handler.handleError(
                    new Context("carbonedge.emissions", 2, 41, "contributions", key, value),
                    new Record<>("r-1", "decoded", 0L), new IllegalStateException("boom"));

            assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
            assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(r -> {
                assertThat(r.topic()).isEqualTo(Topics.DEAD_LETTER.name());
                assertThat(r.key()).isEqualTo(key);
                DeadLetter letter = decode(registry, r);
                assertThat(letter.getReason()).isEqualTo("processing failed in contributions: boom");
                assertThat(letter.getSourceTopic()).isEqualTo("carbonedge.emissions");
                assertThat(letter.getSourcePartition()).isEqualTo(2);
                assertThat(letter.getSourceOffset()).isEqualTo(41);
                assertThat(letter.getValue().array()).isEqualTo(value);
                assertThat(letter.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
                assertThat(letter.getService()).isEqualTo("ledger");
            });

            ProcessingExceptionHandler.Response punctuation = handler.handleError(
                    new Context(null, -1, -1, "rollup", null, null), (Record<?, ?>) null, new NullPointerException());
            assertThat(decode(registry, punctuation.deadLetterQueueRecords().get(0)).getReason())
                    .isEqualTo("processing failed in rollup: java.lang.NullPointerException");
        }
    }

    private static DeadLetter decode(RegistryClient registry, ProducerRecord<byte[], byte[]> r) {
        Deserializer<DeadLetter> letters = new RegistryAvroDeserializer<>(registry, DeadLetter.class,
                DeadLetter.getClassSchema());
        return letters.deserialize(r.topic(), r.value());
    }
}
