package org.carbonedge.ingest.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Service;
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
 * partition-results, emissions and dead-letter topics for the requests it accepted. JDK HTTP server and Jackson:
 * no web framework. See {@link GatewayHandler} for the API and {@link GatewayOptions} for the limits. Its metrics
 * ({@link GatewayMetrics}) are at {@code GET /metrics} on the same port.
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
    private HttpServer server;
    private ExecutorService workers;
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
            follower = OutcomeFollower.start(settings, catalog, "carbonedge-gateway", true, tracker, CONNECT_TIMEOUT);
            Topic<InferenceRequest> requests = catalog.topic(Topics.REQUESTS);
            producer = new KafkaProducer<>(settings.producer("carbonedge-gateway"), requests.keySerde().serializer(),
                    requests.valueSerde().serializer());
            GatewayMetrics metrics = new GatewayMetrics(tracker::size);
            GatewayHandler handler = new GatewayHandler(options, follower.models(), tracker, request ->
                    producer.send(new ProducerRecord<>(requests.name(), request.getRequestId(), request))
                            .get(options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS), metrics);
            server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 0);
            AtomicInteger n = new AtomicInteger();
            workers = Executors.newFixedThreadPool(options.threads(), r -> {
                Thread t = new Thread(r, "carbonedge-gateway-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(workers);
            server.createContext("/", handler);
            server.createContext(MetricsEndpoint.PATH, MetricsEndpoint.handler(metrics.registry()));
            server.start();
            LOG.info("gateway listening on {}", url());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        if (server == null) {
            throw new IllegalStateException("gateway not started");
        }
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + server.getAddress().getPort();
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
            server.stop(0);
            server = null;
        }
        if (workers != null) {
            workers.shutdownNow();
            workers = null;
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
