package org.carbonedge.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.ingest.fixtures.IngestFixtures.MODEL;
import static org.carbonedge.ingest.fixtures.IngestFixtures.floats;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.HostileRecords;
import org.carbonedge.schemas.serde.RandomDatums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile tester's attack on a real broker and registry: 13-byte requests whose first string, or whose inputs
 * array, claims 2^31 - 9 bytes or items (the most Avro's own limits allow) made the validation throw
 * OutOfMemoryError and Kafka Streams shut it down.
 * Now they are dead-lettered with the reason, and a good request sent after them still passes.
 */
class HostileRequestTest {

    @TempDir
    Path dir;

    @Test
    void recordsClaimingTwoGigabytesAreDeadLetteredAndTheValidationGoesOn() throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0)) {
            IngestFixtures.send(platform, Topics.MODELS, MODEL, IngestFixtures.manifest(MODEL));
            Topic<InferenceRequest> requests = platform.catalog().topic(Topics.REQUESTS);
            int schemaId = platform.settings().registryClient()
                    .lookupId(requests.name() + "-value", InferenceRequest.getClassSchema());
            byte[] hugeString = HostileRecords.claiming2GiB(schemaId);
            byte[] hugeArray = inputsClaiming2GiItems(schemaId);
            assertThat(hugeString).hasSize(13);
            assertThat(hugeArray).hasSize(13);
            InferenceRequest good = InferenceRequest.newBuilder().setRequestId("good").setModelId(MODEL)
                    .setInputs(List.of(floats("x", new float[]{1, 2, 3, 4}, 1, 4))).setPolicy("green")
                    .setSubmittedAt(Instant.now()).setClientId("test").build();

            try (RequestValidation validation = new RequestValidation(platform.settings(), platform.catalog(),
                    RequestValidation.DEFAULT_MAX_REQUEST_BYTES, dir.resolve("streams"))) {
                validation.start();
                Map<String, RecordMetadata> hostile = new HashMap<>();
                try (var raw = new KafkaProducer<>(platform.settings().producer("hostile"), new StringSerializer(),
                        new ByteArraySerializer());
                     var producer = new KafkaProducer<>(platform.settings().producer("good"),
                             requests.keySerde().serializer(), requests.valueSerde().serializer())) {
                    hostile.put("huge-string", raw.send(new ProducerRecord<>(requests.name(), "huge-string", hugeString)).get());
                    hostile.put("huge-array", raw.send(new ProducerRecord<>(requests.name(), "huge-array", hugeArray)).get());
                    producer.send(new ProducerRecord<>(requests.name(), "good", good)).get();
                }

                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        IngestFixtures.readAll(platform, Topics.VALIDATED_REQUESTS).size() == 1
                                && IngestFixtures.readAll(platform, Topics.DEAD_LETTER).size() == 2);

                List<ConsumerRecord<String, InferenceRequest>> valid = IngestFixtures.readAll(platform, Topics.VALIDATED_REQUESTS);
                assertThat(valid).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(good));
                Map<String, DeadLetter> letters = new HashMap<>();
                IngestFixtures.readAll(platform, Topics.DEAD_LETTER).forEach(r -> letters.put(r.key(), r.value()));
                assertThat(letters).containsOnlyKeys("huge-string", "huge-array");
                assertThat(letters.get("huge-string").getReason()).startsWith("undecodable record")
                        .contains("InferenceRequest").contains("claims 2147483639 bytes, only 3 left");
                assertThat(letters.get("huge-array").getReason()).contains("claims 2147483639 items");
                letters.forEach((key, letter) -> {
                    assertThat(letter.getSourceTopic()).isEqualTo(Topics.REQUESTS.name());
                    assertThat(letter.getSourcePartition()).isEqualTo(hostile.get(key).partition());
                    assertThat(letter.getSourceOffset()).isEqualTo(hostile.get(key).offset());
                    assertThat(letter.getValue().remaining()).isEqualTo(13);
                });
                assertThat(validation.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
            }
        }
    }

    /** requestId "", modelId "", then an inputs array claiming 2^31 - 9 tensors (plain Avro: 8 GiB of references). */
    private static byte[] inputsClaiming2GiItems(int schemaId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(0);
        body.writeBytes(HostileRecords.zigzagVarint(HostileRecords.AVRO_MAX_LENGTH));
        body.write(0);
        return RandomDatums.frame(schemaId, body.toByteArray());
    }
}
