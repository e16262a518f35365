package org.carbonedge.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Service;
import org.carbonedge.common.metrics.MetricsEndpoint;
import org.carbonedge.ingest.streams.StreamsSettings;
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
    private HttpServer server;
    private ExecutorService httpThreads;
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
        try {
            server = HttpServer.create(new InetSocketAddress(options.httpHost(), options.httpPort()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the ledger's HTTP API to " + options.httpHost() + ":"
                    + options.httpPort() + ": " + e.getMessage(), e);
        }
        HostInfo self = new HostInfo(options.httpHost(), server.getAddress().getPort());
        url = "http://" + self.host() + ":" + self.port();

        CountDownLatch running = new CountDownLatch(1);
        try {
            startStreams(self, running);
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

    private void startStreams(HostInfo self, CountDownLatch running) {
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

        // unbounded: a query forwarded here must never wait behind queries this instance is forwarding elsewhere
        httpThreads = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(httpThreads);
        TotalsQueries queries = new TotalsQueries(streams, self, new RemoteLedger());
        server.createContext("/", new LedgerHttpHandler(queries));
        server.createContext(MetricsEndpoint.PATH,
                MetricsEndpoint.handler(new LedgerMetrics(() -> queries.all(true)).registry()));
        streams.start();
        server.start();
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
            server.stop(0);
            server = null;
        }
        if (httpThreads != null) {
            httpThreads.shutdownNow();
            httpThreads = null;
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
            streams = null;
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "ledger-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
