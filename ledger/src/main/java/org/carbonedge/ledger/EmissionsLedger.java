package org.carbonedge.ledger;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Service;
import org.carbonedge.common.http.BearerToken;
import org.carbonedge.common.http.ErrorFormat;
import org.carbonedge.common.http.HttpListener;
import org.carbonedge.common.http.HttpListenerSettings;
import org.carbonedge.common.metrics.MetricsEndpoint;
import org.carbonedge.ingest.streams.StreamsSettings;
import org.carbonedge.ledger.http.DeferredHandler;
import org.carbonedge.ledger.http.LedgerHttpHandler;
import org.carbonedge.ledger.http.LedgerMetrics;
import org.carbonedge.ledger.query.RemoteLedger;
import org.carbonedge.ledger.query.TotalsQueries;
import org.carbonedge.ledger.streams.LedgerTopology;
import org.carbonedge.schemas.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emissions ledger: a Kafka Streams service that keeps running totals of inferences, energy and gCO2 per
 * zone, device, model, policy and hour from {@code carbonedge.emissions} (read_committed, exactly-once v2), and
 * answers for them over HTTP. Several instances with one application id split the keys; any instance answers for
 * any key by forwarding to the owner (its HTTP address is its {@code application.server}). {@code GET /metrics}
 * serves this instance's totals to Prometheus ({@link LedgerMetrics}).
 */
public final class EmissionsLedger implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(EmissionsLedger.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ClientSettings clients;
    private final TopicCatalog catalog;
    private final LedgerOptions options;
    /** The ledger only answers GETs: no request needs a body, so anything past a few KiB is refused. */
    static final long MAX_BODY_BYTES = 8 * 1024;
    /**
     * Request threads. A query may wait up to 10 s on another instance while that one waits on this one, so the pool
     * is larger than the gateway's; the forwarding timeout ends any such wait.
     */
    static final int HTTP_THREADS = 128;

    private HttpListener server;
    private KafkaStreams streams;
    private String url;

    public EmissionsLedger(ClientSettings clients, TopicCatalog catalog, LedgerOptions options) {
        this.clients = clients;
        this.catalog = catalog;
        this.options = options;
    }

    @Override
    public String name() {
        return "ledger";
    }

    public Topology topology() {
        return LedgerTopology.build(catalog, options.applicationId(), Clock.systemUTC(), options.labels());
    }

    /** Binds the HTTP API, starts the Streams app and returns once it is RUNNING. */
    @Override
    public void start() throws InterruptedException {
        if (streams != null) {
            throw new IllegalStateException("the ledger is already started");
        }
        // routes are mounted once Kafka Streams exists (the queries need it); until then every call gets a 503
        DeferredHandler api = new DeferredHandler();
        DeferredHandler metrics = new DeferredHandler();
        server = HttpListener.start("ledger", listenerSettings(options), ErrorFormat.statusAndError(),
                BearerToken.of(options.bearerToken(), "carbonedge-ledger"), java.util.Map.of("/", api,
                        MetricsEndpoint.PATH, metrics));
        HostInfo self = new HostInfo(options.httpHost(), server.port());
        url = "http://" + self.host() + ":" + self.port();

        CountDownLatch running = new CountDownLatch(1);
        try {
            startStreams(self, running, api, metrics);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (!running.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException("the ledger did not reach RUNNING within " + START_TIMEOUT.toSeconds()
                    + " s: is Kafka at " + clients.bootstrapServers() + " reachable?");
        }
        if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
            KafkaStreams.State state = streams.state();
            close();
            throw new IllegalStateException("the ledger stopped while starting (state " + state + "); see the log");
        }
        LOG.info("ledger {} answering at {}", options.applicationId(), url);
    }

    /**
     * The listener's settings: {@link LedgerOptions#listenHost()}, the port, {@link #MAX_BODY_BYTES},
     * {@link #HTTP_THREADS}, and the listener's read (5 s), body (30 s) and idle (10 s) timeouts.
     */
    static HttpListenerSettings listenerSettings(LedgerOptions options) {
        return HttpListenerSettings.loopback(options.httpPort()).withHost(options.listenHost())
                .withMaxBodyBytes(MAX_BODY_BYTES).withMaxThreads(HTTP_THREADS);
    }

    private void startStreams(HostInfo self, CountDownLatch running, DeferredHandler api, DeferredHandler metrics) {
        Properties props = StreamsSettings.of(clients, options.applicationId(), options.stateDir());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        streams = new KafkaStreams(topology(), props);
        streams.setStateListener((now, before) -> {
            LOG.info("ledger {} {} -> {}", url, before, now);
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.NOT_RUNNING) {
                running.countDown();
            }
        });

        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("ledger {} stopped on an unexpected error; its keys move to the other instances", url, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });

        TotalsQueries queries = new TotalsQueries(streams, self, new RemoteLedger(options.bearerToken()));
        api.set(new LedgerHttpHandler(queries));
        metrics.set(MetricsEndpoint.handler(new LedgerMetrics(() -> queries.all(true)).registry()));
        streams.start();
    }

    /** Up while its Streams client runs; failed once an error stopped it (its keys then move to other instances). */
    @Override
    public org.carbonedge.common.Health health() {
        if (streams == null) {
            return org.carbonedge.common.Health.starting("not started");
        }
        KafkaStreams.State state = streams.state();
        return switch (state) {
            case RUNNING -> org.carbonedge.common.Health.up(url);
            case CREATED, REBALANCING -> org.carbonedge.common.Health.starting(state.name().toLowerCase());
            default -> org.carbonedge.common.Health.failed("Kafka Streams client is " + state);
        };
    }

    /** Base URL of this instance's HTTP API, e.g. {@code http://127.0.0.1:8090}. */
    public String url() {
        if (url == null) {
            throw new IllegalStateException("the ledger is not started");
        }
        return url;
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    @Override
    public void close() {
        url = null;
        if (server != null) {
            server.close();
            server = null;
        }
        if (streams != null) {
            // a clean stop leaves the group at once (static members would otherwise hold their partitions until the
            // session times out); a crash keeps the membership, so the restarted instance takes them back at once
            streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            streams = null;
        }
    }

    /** The socket address the HTTP API actually bound. */
    public InetSocketAddress boundAddress() {
        if (server == null) {
            throw new IllegalStateException("the ledger is not started");
        }
        return server.boundAddress();
    }
}
