package org.carbonedge.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.ingest.fixtures.IngestFixtures.MODEL;
import static org.carbonedge.ingest.fixtures.IngestFixtures.floats;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RegistryClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validation topology in a {@link TopologyTestDriver}: no broker, the real Confluent registry client against the
 * embedded registry over an in-memory store. Valid requests reach {@code carbonedge.validated-requests} byte for
 * byte; every class of invalid request, an empty record and undecodable bytes go to {@code carbonedge.dead-letter}
 * with their reason, source offset and raw bytes.
 */
class RequestValidationDriverTest {

    @TempDir
    Path dir;

    private SchemaRegistryServer registry;
    private TopicCatalog catalog;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requests;
    private TestOutputTopic<String, byte[]> validated;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private Topic<InferenceRequest> requestTopic;

    @BeforeEach
    void start() {
        registry = SchemaRegistryServer.start(new InMemorySchemaStore(), "127.0.0.1", 0);
        ClientSettings clients = ClientSettings.of("127.0.0.1:1", registry.url());
        // every topic's schema registered up front, as `carbonedge up` does; the services' catalog does not register
        RegistryClient client = clients.registryClient();
        Topics.all().forEach(def -> client.register(def.valueSubject(), def.valueSchema()));
        catalog = new TopicCatalog(client, false);
        RequestValidation validation = new RequestValidation(clients, catalog, 64, dir.resolve("streams"));
        driver = new TopologyTestDriver(validation.topology(), validation.settings());

        Topic<ModelManifest> models = catalog.topic(Topics.MODELS);
        TestInputTopic<String, ModelManifest> modelInput = driver.createInputTopic(models.name(),
                new StringSerializer(), models.valueSerde().serializer());
        modelInput.pipeInput(MODEL, IngestFixtures.manifest(MODEL));
        // an unreadable manifest is skipped, it does not stop the global store
        driver.createInputTopic(models.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("broken", new byte[]{1, 2, 3});

        requestTopic = catalog.topic(Topics.REQUESTS);
        requests = driver.createInputTopic(requestTopic.name(), new StringSerializer(), new ByteArraySerializer());
        validated = driver.createOutputTopic(Topics.VALIDATED_REQUESTS.name(), new StringDeserializer(),
                new ByteArrayDeserializer());
        Topic<DeadLetter> dlq = catalog.topic(Topics.DEAD_LETTER);
        deadLetters = driver.createOutputTopic(dlq.name(), new StringDeserializer(), dlq.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static InferenceRequest request(String id, String model, Tensor input, String policy) {
        return InferenceRequest.newBuilder().setRequestId(id).setModelId(model).setInputs(List.of(input))
                .setPolicy(policy).setLatencySloMillis(null).setSubmittedAt(Instant.now()).setDeadlineAt(null)
                .setClientId("test").setAttributes(Map.of()).build();
    }

    private byte[] encode(InferenceRequest r) {
        return requestTopic.valueSerde().serializer().serialize(requestTopic.name(), r);
    }

    @Test
    void validRequestsGoOnByteForByte() {
        byte[] one = encode(request("ok-1", MODEL, floats("x", new float[]{1, 2, 3, 4}, 1, 4), "green"));
        byte[] two = encode(request("ok-2", MODEL, floats("x", new float[8], 2, 4), "custom:0.2,0.2,0.2,0.2,0.2"));
        requests.pipeInput("ok-1", one);
        requests.pipeInput("ok-2", two);

        List<KeyValue<String, byte[]>> out = validated.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly("ok-1", "ok-2");
        assertThat(out.get(0).value).isEqualTo(one);
        assertThat(out.get(1).value).isEqualTo(two);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void eachClassOfInvalidRequestIsDeadLetteredWithItsReason() {
        Tensor good = floats("x", new float[]{1, 2, 3, 4}, 1, 4);
        InferenceRequest future = request("future", MODEL, good, "green");
        future.setSubmittedAt(Instant.now().plus(Duration.ofDays(3650)));
        Map<String, byte[]> sent = new LinkedHashMap<>();
        sent.put("unknown", encode(request("unknown", "no-such-model", good, "green")));
        sent.put("shape", encode(request("shape", MODEL, floats("x", new float[5], 1, 5), "green")));
        sent.put("large", encode(request("large", MODEL, floats("x", new float[32], 8, 4), "green")));
        sent.put("policy", encode(request("policy", MODEL, good, "greenest")));
        sent.put("weights", encode(request("weights", MODEL, good, "custom:1e308,1e308,1e308,1e308,1e308")));
        sent.put("nan", encode(request("nan", MODEL, floats("x", new float[]{1, 2, Float.POSITIVE_INFINITY, 4}, 1, 4),
                "green")));
        sent.put("future", encode(future));
        sent.put("empty", null);
        sent.forEach(requests::pipeInput);

        assertThat(validated.isEmpty()).isTrue();
        List<KeyValue<String, DeadLetter>> letters = deadLetters.readKeyValuesToList();
        assertThat(letters).extracting(kv -> kv.key).containsExactlyElementsOf(sent.keySet());
        Map<String, String> reasons = new LinkedHashMap<>();
        letters.forEach(kv -> reasons.put(kv.key, kv.value.getReason()));
        assertThat(reasons.get("unknown")).contains("unknown model 'no-such-model'");
        assertThat(reasons.get("shape")).contains("must have shape");
        assertThat(reasons.get("large")).contains("over the limit of 64");
        assertThat(reasons.get("policy")).contains("greenest");
        assertThat(reasons.get("weights")).contains("weights must be at most 1000000.0");
        assertThat(reasons.get("nan")).isEqualTo("input 'x' holds a NaN or infinite FLOAT32 value at element 2");
        assertThat(reasons.get("future")).contains("ahead of the clock");
        assertThat(reasons.get("empty")).isEqualTo("empty record (no request)");
        for (int i = 0; i < letters.size(); i++) {
            DeadLetter l = letters.get(i).value;
            assertThat(l.getSourceTopic()).isEqualTo(Topics.REQUESTS.name());
            assertThat(l.getSourceOffset()).isEqualTo(i);
            assertThat(l.getService()).isEqualTo(RequestValidation.APPLICATION_ID);
            byte[] raw = sent.get(letters.get(i).key);
            if (raw != null) {
                assertThat(bytes(l.getValue())).isEqualTo(raw);
            }
        }
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAndTheNextValidOneStillPasses() {
        byte[] ok = encode(request("ok", MODEL, floats("x", new float[]{1, 2, 3, 4}, 1, 4), "green"));
        requests.pipeInput("garbage", new byte[]{9, 9, 9});
        byte[] unknownSchema = ok.clone();
        unknownSchema[4] = 99; // magic byte 0, then a schema id nobody registered
        requests.pipeInput("unknown-id", unknownSchema);
        requests.pipeInput("ok", ok);

        assertThat(validated.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("ok");
            assertThat(kv.value).isEqualTo(ok);
        });
        List<KeyValue<String, DeadLetter>> letters = deadLetters.readKeyValuesToList();
        assertThat(letters).extracting(kv -> kv.key).containsExactly("garbage", "unknown-id");
        DeadLetter garbage = letters.get(0).value;
        assertThat(garbage.getReason()).startsWith("undecodable record");
        assertThat(garbage.getSourceOffset()).isZero();
        assertThat(bytes(garbage.getValue())).containsExactly(9, 9, 9);
        assertThat(letters.get(1).value.getReason()).startsWith("undecodable record");
        assertThat(letters.get(1).value.getSourceOffset()).isEqualTo(1);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
