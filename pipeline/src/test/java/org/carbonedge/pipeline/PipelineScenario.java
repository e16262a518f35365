package org.carbonedge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;

/**
 * The end-to-end scenario, run on the embedded platform ({@code PipelineEndToEndTest}) and on real Kafka and
 * Confluent Schema Registry containers ({@code docker/}'s {@code ContainersPipelineTest}): N requests under each
 * policy give exactly N emission records (read_committed), all OK, with energy and carbon accounted.
 */
public final class PipelineScenario {

    public static final List<String> POLICIES = List.of("monolithic", "paper-performance", "paper-green", "performance",
            "balanced", "green", "custom:0.1,0.1,0.2,0.1,0.5");

    private PipelineScenario() {
    }

    /** Publishes {@code perPolicy} mnist-cnn requests under every policy and checks their records. */
    public static void everyRequestEndsInExactlyOneEmissionRecord(EmbeddedPipeline pipeline, int perPolicy) throws Exception {
        List<TensorSpec> inputs = ManifestJson.read(pipeline.modelStore().resolve("mnist-cnn/manifest.json")).getInputs();
        Topic<InferenceRequest> requests = pipeline.settings().catalog().topic(Topics.REQUESTS);
        try (var producer = new KafkaProducer<>(pipeline.settings().producer("e2e"),
                requests.keySerde().serializer(), requests.valueSerde().serializer())) {
            for (String policy : POLICIES) {
                for (int i = 0; i < perPolicy; i++) {
                    List<Tensor> input = RandomInputs.forSpecs(inputs, i);
                    String id = policy + "-" + i;
                    producer.send(new ProducerRecord<>(requests.name(), id, InferenceRequest.newBuilder()
                            .setRequestId(id).setModelId("mnist-cnn").setInputs(input).setPolicy(policy)
                            .setSubmittedAt(Instant.now()).setAttributes(Map.of("tenant", "t" + i, "policy", policy))
                            .build()));
                }
            }
        }
        int expected = POLICIES.size() * perPolicy;
        Topic<EmissionRecord> emissions = pipeline.settings().catalog().topic(Topics.EMISSIONS);
        Map<String, EmissionRecord> byRequest = new ConcurrentHashMap<>();
        int[] received = {0};
        try (var consumer = new KafkaConsumer<>(pipeline.settings().consumer("e2e-check"),
                emissions.keySerde().deserializer(), emissions.valueSerde().deserializer())) {
            consumer.subscribe(List.of(emissions.name()));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    byRequest.put(r.key(), r.value());
                    received[0]++;
                });
                return byRequest.size() >= expected;
            });
            // nothing more arrives: one record per request
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received[0]++);
                return true;
            });
        }
        assertThat(received[0]).isEqualTo(expected);
        assertThat(byRequest.values()).allSatisfy(r -> {
            assertThat(r.getStatus()).as(r.getRequestId() + " " + r.getReason()).isEqualTo(InferenceStatus.OK);
            assertThat(r.getEnergyJoules()).isPositive();
            assertThat(r.getTotalGco2()).isPositive();
            assertThat(r.getParts()).isNotEmpty();
            assertThat(r.getAttributes()).as("the request's labels").containsEntry("policy", r.getPolicy())
                    .containsKey("tenant").hasSize(2);
        });
        assertThat(byRequest.get("green-0").getPolicy()).isEqualTo("green");
    }
}
