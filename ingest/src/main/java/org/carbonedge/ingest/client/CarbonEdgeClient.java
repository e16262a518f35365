package org.carbonedge.ingest.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.validation.PolicySyntax;
import org.carbonedge.schemas.validation.RequestValidator;

/**
 * The Java API for running inferences on CarbonEdge: {@link #submit} publishes a request to
 * {@code carbonedge.requests} and returns a future completed with the request's emission record when it arrives
 * on {@code carbonedge.emissions} (matched by request id, read_committed, so exactly one), completed exceptionally
 * with {@link InvalidRequestException} when the router dead-letters the request, and with a
 * {@link TimeoutException} when nothing arrives in time. Requests are checked against the model's manifest first
 * when the client knows it, so bad input fails at once without touching Kafka. Plain Kafka clients: one producer
 * and one background consumer thread ({@link OutcomeFollower}). Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (CarbonEdgeClient client = CarbonEdgeClient.connect(ClientSettings.of("127.0.0.1:9092", "http://127.0.0.1:8081"))) {
 *     EmissionRecord r = client.submit("mnist-cnn", inputs, "green").get();
 * }
 * }</pre>
 */
public final class CarbonEdgeClient implements AutoCloseable {

    /**
     * @param clientId        Kafka client id prefix and the request's {@code clientId}
     * @param resultTimeout   how long {@link #submit} waits for the outcome
     * @param connectTimeout  how long {@link #connect} waits for Kafka and the models topic
     * @param maxRequestBytes largest input size accepted locally (the router's own limit is 16 MiB)
     * @param validateLocally check requests against the manifest before publishing (false: publish everything
     *                        and let the router judge, e.g. to see its dead-letter reasons)
     */
    public record Options(String clientId, Duration resultTimeout, Duration connectTimeout, long maxRequestBytes,
                          boolean validateLocally) {
        public Options {
            Objects.requireNonNull(clientId, "clientId");
            if (resultTimeout.isNegative() || resultTimeout.isZero() || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }

        /** Client id {@code carbonedge-client}, 60 s for a result, 15 s to connect, 16 MiB inputs, local validation. */
        public static Options defaults() {
            return new Options("carbonedge-client", Duration.ofSeconds(60), Duration.ofSeconds(15), 16L * 1024 * 1024, true);
        }

        public Options withClientId(String value) {
            return new Options(value, resultTimeout, connectTimeout, maxRequestBytes, validateLocally);
        }

        public Options withResultTimeout(Duration value) {
            return new Options(clientId, value, connectTimeout, maxRequestBytes, validateLocally);
        }

        public Options withConnectTimeout(Duration value) {
            return new Options(clientId, resultTimeout, value, maxRequestBytes, validateLocally);
        }

        public Options withLocalValidation(boolean value) {
            return new Options(clientId, resultTimeout, connectTimeout, maxRequestBytes, value);
        }
    }

    private final Options options;
    private final Topic<InferenceRequest> requests;
    private final RequestValidator validator;
    private final OutcomeFollower follower;
    private final KafkaProducer<String, InferenceRequest> producer;
    private final Map<String, CompletableFuture<EmissionRecord>> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private CarbonEdgeClient(ClientSettings settings, TopicCatalog catalog, Options options) {
        this.options = options;
        this.requests = catalog.topic(Topics.REQUESTS);
        this.validator = new RequestValidator(options.maxRequestBytes());
        this.follower = OutcomeFollower.start(settings, catalog, options.clientId(), false, new Outcomes(),
                options.connectTimeout());
        try {
            this.producer = new KafkaProducer<>(settings.producerAtOnce(options.clientId() + "-requests"),
                    requests.keySerde().serializer(), requests.valueSerde().serializer());
        } catch (RuntimeException e) {
            follower.close();
            throw e;
        }
    }

    /** Connects with default options; see {@link #connect(ClientSettings, Options)}. */
    public static CarbonEdgeClient connect(ClientSettings settings) {
        return connect(settings, Options.defaults());
    }

    /**
     * Connects to the cluster {@code settings} describe and returns once the registered models are known.
     *
     * @throws IllegalStateException when Kafka or the CarbonEdge topics cannot be reached in time
     */
    public static CarbonEdgeClient connect(ClientSettings settings, Options options) {
        return new CarbonEdgeClient(settings, settings.catalog(), options);
    }

    /** The models this client knows, kept current from {@code carbonedge.models}. */
    public ModelCatalog models() {
        return follower.models();
    }

    /** A request with a fresh id, submitted now; {@code policy} null means balanced, {@code latencySloMillis} may be null. */
    public InferenceRequest request(String modelId, List<Tensor> inputs, String policy, Double latencySloMillis) {
        return InferenceRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setModelId(modelId)
                .setInputs(List.copyOf(inputs))
                .setPolicy(policy == null || policy.isBlank() ? PolicySyntax.DEFAULT : policy.strip())
                .setLatencySloMillis(latencySloMillis)
                .setSubmittedAt(Instant.now())
                .setClientId(options.clientId())
                .build();
    }

    /** Runs one inference under {@code policy}; see {@link #submit(InferenceRequest)}. */
    public CompletableFuture<EmissionRecord> submit(String modelId, List<Tensor> inputs, String policy) {
        return submit(request(modelId, inputs, policy, null));
    }

    /** Runs one inference under {@code policy} with a latency objective; see {@link #submit(InferenceRequest)}. */
    public CompletableFuture<EmissionRecord> submit(String modelId, List<Tensor> inputs, String policy, double latencySloMillis) {
        return submit(request(modelId, inputs, policy, latencySloMillis));
    }

    /**
     * Publishes {@code request} and follows it to its emission record. The future completes with that record
     * (status OK, FAILED or REJECTED), or exceptionally: {@link InvalidRequestException} when the local check or
     * the router refuses the request, {@link TimeoutException} after {@link Options#resultTimeout()}, the Kafka
     * error when publishing fails, {@link CancellationException} when the client closes first.
     */
    public CompletableFuture<EmissionRecord> submit(InferenceRequest request) {
        Optional<RequestValidator.Violation> violation = options.validateLocally() ? check(request) : Optional.empty();
        if (violation.isPresent()) {
            return CompletableFuture.failedFuture(invalid(request, violation.get()));
        }
        String id = request.getRequestId();
        CompletableFuture<EmissionRecord> outcome = new CompletableFuture<>();
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
        }
        if (pending.putIfAbsent(id, outcome) != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("request id " + id + " is already in flight"));
        }
        outcome.whenComplete((r, e) -> pending.remove(id, outcome));
        long timeoutMillis = options.resultTimeout().toMillis();
        CompletableFuture.delayedExecutor(timeoutMillis, TimeUnit.MILLISECONDS).execute(() ->
                outcome.completeExceptionally(new TimeoutException("no emission record for request " + id
                        + " within " + timeoutMillis + " ms")));
        send(request).whenComplete((metadata, e) -> {
            if (e != null) {
                outcome.completeExceptionally(e);
            }
        });
        return outcome;
    }

    /**
     * Publishes {@code request} without following it (for bulk load: read the outcomes from the emissions topic).
     * The future completes when Kafka has acknowledged the request, or exceptionally with
     * {@link InvalidRequestException} when the local check refuses it.
     */
    public CompletableFuture<RecordMetadata> publish(InferenceRequest request) {
        Optional<RequestValidator.Violation> violation = options.validateLocally() ? check(request) : Optional.empty();
        if (violation.isPresent()) {
            return CompletableFuture.failedFuture(invalid(request, violation.get()));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
        }
        return send(request);
    }

    /**
     * The first rule {@code request} breaks, as far as this client can tell: everything when it knows the model;
     * when it does not (yet), only ids, policy and latency objective, and the router waits for the manifest.
     */
    public Optional<RequestValidator.Violation> check(InferenceRequest request) {
        ModelManifest manifest = models().find(request.getModelId());
        return manifest == null ? validator.checkWithoutManifest(request) : validator.check(request, manifest);
    }

    /** Sends everything buffered and waits for the acknowledgements. */
    public void flush() {
        producer.flush();
    }

    /** Requests submitted and not yet completed. */
    public int inFlight() {
        return pending.size();
    }

    private CompletableFuture<RecordMetadata> send(InferenceRequest request) {
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(requests.name(), request.getRequestId(), request), (metadata, e) -> {
                if (e != null) {
                    sent.completeExceptionally(e);
                } else {
                    sent.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    private static InvalidRequestException invalid(InferenceRequest request, RequestValidator.Violation v) {
        return new InvalidRequestException(request.getRequestId(), v.reason(), v.kind(), true);
    }

    /** Completes pending futures from what the follower reads. */
    private final class Outcomes implements OutcomeListener {
        @Override
        public void onEmission(EmissionRecord record) {
            CompletableFuture<EmissionRecord> f = pending.get(record.getRequestId());
            if (f != null) {
                f.complete(record);
            }
        }

        @Override
        public void onDeadLetter(String key, DeadLetter letter) {
            if (key == null || !Topics.carriesRequests(letter.getSourceTopic())) {
                return;
            }
            CompletableFuture<EmissionRecord> f = pending.get(key);
            if (f != null) {
                f.completeExceptionally(new InvalidRequestException(key, letter.getReason(), null, false));
            }
        }
    }

    /** Stops following; requests still pending complete with {@link CancellationException}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            follower.close();
            pending.values().forEach(f -> f.completeExceptionally(new CancellationException("client closed")));
            pending.clear();
        }
    }
}
