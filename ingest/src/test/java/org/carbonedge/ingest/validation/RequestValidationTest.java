package org.carbonedge.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.ingest.fixtures.IngestFixtures.MODEL;
import static org.carbonedge.ingest.fixtures.IngestFixtures.floats;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests through the validation on a real broker and registry: valid ones reach the router's topic unchanged; an
 * unknown model, a wrong shape, an oversized input, a bad policy and unreadable bytes are dead-lettered with the reason
 * and where they came from; nothing is lost.
 */
class RequestValidationTest {

    @TempDir
    Path dir;

    private static InferenceRequest request(String id, String model, Tensor input, String policy) {
        return InferenceRequest.newBuilder().setRequestId(id).setModelId(model).setInputs(List.of(input))
                .setPolicy(policy).setLatencySloMillis(null).setSubmittedAt(Instant.now()).setDeadlineAt(null)
                .setClientId("test").setAttributes(Map.of()).build();
    }

    @Test
    void validRequestsGoOnByteForByteAndInvalidOnesAreDeadLetteredWithTheirReason() throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0)) {
            IngestFixtures.send(platform, Topics.MODELS, MODEL, IngestFixtures.manifest(MODEL));
            // an unreadable manifest on the models topic must not stop the validation
            try (var raw = new KafkaProducer<>(platform.settings().producer("bad-model"), new StringSerializer(),
                    new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(Topics.MODELS.name(), "broken", new byte[]{1, 2, 3})).get();
            }
            try (RequestValidation validation = new RequestValidation(platform.settings(), platform.catalog(), 64,
                    dir.resolve("streams"))) {
                validation.start();
                Topic<InferenceRequest> requests = platform.catalog().topic(Topics.REQUESTS);
                Tensor good = floats("x", new float[]{1, 2, 3, 4}, 1, 4);
                Map<String, InferenceRequest> sent = Map.of(
                        "ok-1", request("ok-1", MODEL, good, "green"),
                        "ok-2", request("ok-2", MODEL, floats("x", new float[8], 2, 4), "custom:0.2,0.2,0.2,0.2,0.2"),
                        "unknown", request("unknown", "no-such-model", good, "green"),
                        "shape", request("shape", MODEL, floats("x", new float[5], 1, 5), "green"),
                        "large", request("large", MODEL, floats("x", new float[32], 8, 4), "green"),
                        "policy", request("policy", MODEL, good, "greenest"),
                        "weights", request("weights", MODEL, good, "custom:1e308,1e308,1e308,1e308,1e308"),
                        "nan", request("nan", MODEL, floats("x", new float[]{1, 2, Float.POSITIVE_INFINITY, 4}, 1, 4), "green"),
                        "future", future(request("future", MODEL, good, "green")));
                RecordMetadata garbage;
                try (var producer = new KafkaProducer<>(platform.settings().producer("t"),
                        requests.keySerde().serializer(), requests.valueSerde().serializer());
                     var raw = new KafkaProducer<>(platform.settings().producer("raw"), new StringSerializer(),
                             new ByteArraySerializer())) {
                    for (var e : sent.entrySet()) {
                        producer.send(new ProducerRecord<>(requests.name(), e.getKey(), e.getValue())).get();
                    }
                    garbage = raw.send(new ProducerRecord<>(requests.name(), "garbage", new byte[]{9, 9, 9})).get();
                }

                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        IngestFixtures.readAll(platform, Topics.VALIDATED_REQUESTS).size() == 2
                                && IngestFixtures.readAll(platform, Topics.DEAD_LETTER).size() == 8);
                List<ConsumerRecord<String, InferenceRequest>> valid = IngestFixtures.readAll(platform, Topics.VALIDATED_REQUESTS);
                assertThat(valid).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("ok-1", "ok-2");
                valid.forEach(r -> assertThat(r.value()).isEqualTo(sent.get(r.key())));

                Map<String, DeadLetter> letters = new java.util.HashMap<>();
                IngestFixtures.readAll(platform, Topics.DEAD_LETTER).forEach(r -> letters.put(r.key(), r.value()));
                assertThat(letters).containsOnlyKeys("unknown", "shape", "large", "policy", "garbage", "weights", "nan",
                        "future");
                assertThat(letters.get("weights").getReason()).contains("weights must be at most 1000000.0");
                assertThat(letters.get("nan").getReason()).isEqualTo("input 'x' holds a NaN or infinite FLOAT32 value at element 2");
                assertThat(letters.get("future").getReason()).contains("ahead of the clock");
                assertThat(letters.get("unknown").getReason()).contains("unknown model 'no-such-model'");
                assertThat(letters.get("shape").getReason()).contains("must have shape");
                assertThat(letters.get("large").getReason()).contains("over the limit of 64");
                assertThat(letters.get("policy").getReason()).contains("greenest");
                DeadLetter unreadable = letters.get("garbage");
                assertThat(unreadable.getReason()).startsWith("undecodable record");
                assertThat(unreadable.getSourcePartition()).isEqualTo(garbage.partition());
                assertThat(unreadable.getSourceOffset()).isEqualTo(garbage.offset());
                assertThat(unreadable.getValue().remaining()).isEqualTo(3);
                letters.values().forEach(l -> {
                    assertThat(l.getSourceTopic()).isEqualTo(Topics.REQUESTS.name());
                    assertThat(l.getSourceOffset()).isNotNegative();
                    assertThat(l.getService()).isEqualTo(RequestValidation.APPLICATION_ID);
                });
            }
        }
    }

    /** {@code r} submitted ten years from now. */
    private static InferenceRequest future(InferenceRequest r) {
        r.setSubmittedAt(Instant.now().plus(Duration.ofDays(3650)));
        return r;
    }
}
