package org.carbonedge.ingest.validation;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.ingest.streams.StreamsService;
import org.carbonedge.ingest.streams.StreamsSettings;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.validation.RequestValidator;

/**
 * Kafka Streams service validating {@code carbonedge.requests} before anything plans them: a request that cannot be
 * read, names a model no manifest on {@code carbonedge.models} describes, has inputs of the wrong name, type or shape,
 * or is too large goes to {@code carbonedge.dead-letter} with the reason and its source partition and offset; the
 * others go on to {@code carbonedge.validated-requests} byte for byte (no second encoding of the tensors), at once
 * (at-least-once: see {@link #settings}). Manifests are a global store, so every instance checks every model.
 */
public final class RequestValidation extends StreamsService {

    /** Application id, also the {@code service} of its dead letters. */
    public static final String APPLICATION_ID = "carbonedge-request-validation";
    /** Largest accepted request input by default (as the router's). */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;

    static final String MANIFESTS = "model-manifests";
    static final String VALID = "valid";
    static final String DEAD_LETTER = "dead-letter";

    private final ClientSettings clients;
    private final TopicCatalog catalog;
    private final long maxRequestBytes;
    private final Path stateDir;

    public RequestValidation(ClientSettings clients, TopicCatalog catalog, long maxRequestBytes, Path stateDir) {
        this.clients = clients;
        this.catalog = catalog;
        this.maxRequestBytes = maxRequestBytes;
        this.stateDir = stateDir;
    }

    @Override
    public String name() {
        return "request-validation";
    }

    /** The topology: models → global manifest store; requests → validate → validated-requests | dead-letter. */
    public Topology topology() {
        Topic<ModelManifest> models = catalog.topic(Topics.MODELS);
        Topic<InferenceRequest> requests = catalog.topic(Topics.REQUESTS);
        Topic<DeadLetter> deadLetters = catalog.topic(Topics.DEAD_LETTER);
        StoreBuilder<KeyValueStore<String, ModelManifest>> manifests = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(MANIFESTS), Serdes.String(), catalog.storeSerde(Topics.MODELS))
                .withLoggingDisabled();
        Topology t = new Topology();
        t.addGlobalStore(manifests, "models", new StringDeserializer(), new ByteArrayDeserializer(), models.name(),
                "manifest-store", () -> new ManifestStoreUpdater(models.valueSerde().deserializer()));
        t.addSource("requests", new StringDeserializer(), new ByteArrayDeserializer(), requests.name());
        t.addProcessor("validate", () -> new ValidateProcessor(new RequestValidator(maxRequestBytes),
                requests.valueSerde().deserializer(), APPLICATION_ID), "requests");
        t.addSink(VALID, Topics.VALIDATED_REQUESTS.name(), new StringSerializer(), new ByteArraySerializer(), "validate");
        t.addSink(DEAD_LETTER, deadLetters.name(), new StringSerializer(), deadLetters.valueSerde().serializer(), "validate");
        return t;
    }

    /**
     * The shared Streams settings, but at-least-once with records sent at once (every request waits for this hop,
     * and exactly-once would hold each one until its transaction commits: 100 ms by default, the paper experiment's
     * latencies went from about 40 to 160 ms) in batches of up to {@link ClientSettings#TENSOR_BATCH_BYTES}, as
     * {@link ClientSettings#producerAtOnce}'s; fetches the broker holds at most 20 ms and socket buffers the OS
     * sizes, as every CarbonEdge client's ({@link ClientSettings#OS_SOCKET_BUFFER}). The validation keeps no state
     * of its own, so a restart only re-sends requests: the router re-plans a repeat and the emissions job counts a
     * request once.
     */
    @Override
    protected Properties settings() {
        Properties p = StreamsSettings.of(clients, APPLICATION_ID, stateDir);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), ClientSettings.TENSOR_BATCH_BYTES);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), ClientSettings.FETCH_MAX_WAIT_MILLIS);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.RECEIVE_BUFFER_CONFIG), ClientSettings.OS_SOCKET_BUFFER);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.SEND_BUFFER_CONFIG), ClientSettings.OS_SOCKET_BUFFER);
        p.remove(StreamsConfig.producerPrefix("transaction.timeout.ms"));
        return p;
    }
}
