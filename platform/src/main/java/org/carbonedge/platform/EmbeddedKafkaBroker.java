package org.carbonedge.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker + controller in one process) for the one-machine default and
 * for tests. It is Kafka's own server, not a fake: the same log format, transactions and consumer groups as a
 * production cluster, listening on loopback only.
 *
 * <p>The data directory is formatted on first use and reused afterwards, so topics (and the schema registry's
 * compacted store) survive a restart over the same directory.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
    }

    /**
     * Formats (if needed) and starts a broker whose data lives under {@code dataDir/kafka}.
     *
     * @param port client port on 127.0.0.1, or 0 to pick a free one
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, LOOPBACK, EmbeddedKafkaBroker::freePort);
    }

    /**
     * As {@link #start(Path, int)}, the client listener bound to {@code bindHost} (loopback unless told otherwise;
     * {@code 0.0.0.0} for every interface, then advertised under this machine's host name). The controller
     * listener always stays on loopback: only this process talks to it.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, String bindHost) {
        return start(dataDir, port, bindHost, EmbeddedKafkaBroker::freePort);
    }

    /** Loopback: where the broker listens unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    static EmbeddedKafkaBroker start(Path dataDir, int port, IntSupplier freePorts) {
        return start(dataDir, port, LOOPBACK, freePorts);
    }

    /**
     * As {@link #start(Path, int)}, with the ports it picks coming from {@code freePorts}. A picked port is free when
     * picked but may be taken before the broker binds it (by any socket, an outgoing connection's local port
     * included), so a start that fails to bind is tried again on newly picked ports, up to {@value #BIND_ATTEMPTS}
     * times.
     */
    static EmbeddedKafkaBroker start(Path dataDir, int port, String bindHost, IntSupplier freePorts) {
        String advertisedHost = advertisedHost(bindHost);
        Path logDir = dataDir.resolve("kafka").toAbsolutePath();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the Kafka data directory " + dataDir, e);
        }
        format(logDir);
        for (int attempt = 1; ; attempt++) {
            int clientPort = port == 0 ? freePorts.getAsInt() : port;
            int controllerPort = freePorts.getAsInt();
            KafkaConfig config = KafkaConfig.fromProps(brokerProperties(logDir, bindHost, advertisedHost, clientPort, controllerPort), false);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                shutDownQuietly(server);
                Throwable bind = bindFailure(e);
                if (bind == null) {
                    throw e;
                }
                if (attempt < BIND_ATTEMPTS) {
                    LOG.warn("Kafka broker could not bind port {} or {} (attempt {} of {}), trying other ports: {}",
                            clientPort, controllerPort, attempt, BIND_ATTEMPTS, bind.getMessage());
                    continue;
                }
                throw new IllegalStateException("Kafka broker could not start after " + BIND_ATTEMPTS + " attempts: "
                        + bind.getMessage(), e);
            }
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, hostPort(advertisedHost, clientPort), logDir);
            broker.awaitReady();
            return broker;
        }
    }

    /** Starts tried when the broker cannot bind a picked port. */
    static final int BIND_ATTEMPTS = 5;

    /** The outermost cause saying a port could not be bound (Kafka's names the address), or null. */
    private static Throwable bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("failed to bind"))) {
                return t;
            }
        }
        return null;
    }

    private static void shutDownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debug("shutting down a broker that failed to start", e);
        }
    }

    /** host:port of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Directory holding the broker's logs and metadata. */
    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private void awaitReady() {
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(conf)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Kafka broker did not become ready on " + bootstrapServers, e);
        }
    }

    /** The host clients are told to connect to: the bind address, or this machine's name for a wildcard bind. */
    private static String advertisedHost(String bindHost) {
        if (bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]")) {
            try {
                return java.net.InetAddress.getLocalHost().getCanonicalHostName();
            } catch (IOException e) {
                return LOOPBACK;
            }
        }
        return bindHost;
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static Properties brokerProperties(Path logDir, String bindHost, String advertisedHost, int clientPort,
                                               int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + hostPort(bindHost, clientPort) + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + hostPort(advertisedHost, clientPort));
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        // One node: every internal topic has one replica, and few partitions so the first group/transaction is quick.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        // socket buffers sized by the OS's TCP auto-tuning, not a fixed 100 KiB: a 602 KB request would otherwise
        // cross each connection in pieces, each waiting for the other side to drain the last
        p.put("socket.send.buffer.bytes", "-1");
        p.put("socket.receive.buffer.bytes", "-1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    private static void format(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // formatted on an earlier start: keep its cluster id and data
        }
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(1)
                    // Uuid.randomUuid never starts with '-', which the storage tool would read as an option.
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on this machine", e);
        }
    }
}
