package org.carbonedge.ingest.gateway;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Service;
import org.carbonedge.common.http.BearerToken;
import org.carbonedge.common.http.ErrorFormat;
import org.carbonedge.common.http.HttpListener;
import org.carbonedge.common.http.HttpListenerSettings;
import org.carbonedge.common.metrics.MetricsEndpoint;
import org.carbonedge.ingest.client.OutcomeFollower;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CarbonEdge over HTTP for callers that are not Kafka clients: {@code POST /v1/infer} publishes a request to
 * {@code carbonedge.requests} and answers 202 with its id only once Kafka acknowledged it (nothing accepted is
 * lost, nothing refused is published); {@code GET /v1/requests/{id}} answers from what the gateway follows on the
 * partition-results, emissions, dead-letter and held-requests topics for the requests it accepted. The shared Jetty listener
 * ({@link HttpListener}: loopback by default, bounded bodies, read timeouts, a worker pool that slow clients cannot
 * exhaust, an optional bearer token) and Jackson: no web framework. See {@link GatewayHandler} for the API and
 * {@link GatewayOptions} for the limits. Its metrics ({@link GatewayMetrics}) are at {@code GET /metrics} on the
 * same port, behind the same token.
 */
public final class InferenceGateway implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceGateway.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final ClientSettings settings;
    private final TopicCatalog catalog;
    private final GatewayOptions options;
    private final Clock clock;
    private OutcomeFollower follower;
    private KafkaProducer<String, InferenceRequest> producer;
    private HttpListener server;
    private RequestTracker tracker;

    public InferenceGateway(ClientSettings settings, GatewayOptions options) {
        this(settings, settings.catalog(), options, Clock.systemUTC());
    }

    /** A gateway whose request TTL runs on {@code clock}. */
    public InferenceGateway(ClientSettings settings, TopicCatalog catalog, GatewayOptions options, Clock clock) {
        this.settings = settings;
        this.catalog = catalog;
        this.options = options;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "gateway";
    }

    /** Follows the topics, then listens; returns once requests can be served. */
    @Override
    public void start() {
        if (server != null) {
            throw new IllegalStateException("gateway already started");
        }
        try {
            tracker = new RequestTracker(clock, options.requestTtl(), options.predictionGrace(), options.maxTrackedRequests());
            follower = OutcomeFollower.start(settings, catalog, "carbonedge-gateway", true, true, tracker,
                    CONNECT_TIMEOUT);
            Topic<InferenceRequest> requests = catalog.topic(Topics.REQUESTS);
            producer = new KafkaProducer<>(settings.producerAtOnce("carbonedge-gateway"), requests.keySerde().serializer(),
                    requests.valueSerde().serializer());
            GatewayMetrics metrics = new GatewayMetrics(tracker::size, tracker::heldSeen);
            GatewayHandler handler = new GatewayHandler(options, follower.models(), tracker, request ->
                    producer.send(new ProducerRecord<>(requests.name(), request.getRequestId(), request))
                            .get(options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS), metrics);
            server = HttpListener.start("carbonedge-gateway", listenerSettings(options), ErrorFormat.statusAndError(),
                    BearerToken.of(options.bearerToken(), "carbonedge-gateway"),
                    Map.of("/", handler, MetricsEndpoint.PATH, MetricsEndpoint.handler(metrics.registry())));
            LOG.info("gateway listening on {} (bearer token: {})", url(), options.bearerToken() == null ? "off" : "on");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The listener's settings: the options' bind address, port, body limit and threads, and the listener's read (5 s),
     * body (30 s) and idle (10 s) timeouts.
     */
    static HttpListenerSettings listenerSettings(GatewayOptions options) {
        return HttpListenerSettings.loopback(options.port()).withHost(options.host())
                .withMaxBodyBytes(options.maxBodyBytes()).withMaxThreads(options.threads());
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        if (server == null) {
            throw new IllegalStateException("gateway not started");
        }
        return server.url();
    }

    /** The socket address actually bound. */
    public InetSocketAddress boundAddress() {
        if (server == null) {
            throw new IllegalStateException("gateway not started");
        }
        return server.boundAddress();
    }

    /** Up while it listens and follows outcomes; failed once its outcome follower died (answers would go stale). */
    @Override
    public org.carbonedge.common.Health health() {
        OutcomeFollower f = follower;
        if (server == null || f == null) {
            return org.carbonedge.common.Health.stopped();
        }
        Throwable failure = f.failure();
        return failure == null ? org.carbonedge.common.Health.up(url())
                : org.carbonedge.common.Health.failed("outcome follower stopped: "
                        + org.carbonedge.common.Health.describe(failure));
    }

    /** Requests currently followed (bounded by {@link GatewayOptions#maxTrackedRequests()}). */
    public int trackedRequests() {
        return tracker == null ? 0 : tracker.size();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (follower != null) {
            follower.close();
            follower = null;
        }
    }
}
