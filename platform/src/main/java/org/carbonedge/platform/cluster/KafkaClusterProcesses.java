package org.carbonedge.platform.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A Kafka cluster of several KRaft nodes on one machine, each node its own OS process ({@code kafka.Kafka} in a child
 * JVM on this JVM's class path): what a deployment runs, so a node can be killed with SIGKILL and the rest of the
 * cluster carries on, unlike the one-process {@code EmbeddedKafkaBroker}. Each node's data and log file live under
 * the cluster's directory ({@code node-N/}, {@code logs/kafka-N.log}); the storage is formatted once and reused, so a
 * restarted node rejoins with its data. Every listener is on loopback.
 */
public final class KafkaClusterProcesses implements AutoCloseable {

    /** Heap of each node: a broker of this size serves the pipeline's topics; three fit easily in a few GB. */
    static final String NODE_HEAP = "-Xmx384m";
    private static final long POLL_NANOS = Duration.ofMillis(200).toNanos();

    private final Path dir;
    private final List<KafkaNodeProperties> nodes;
    private final Process[] processes;

    private KafkaClusterProcesses(Path dir, List<KafkaNodeProperties> nodes) {
        this.dir = dir;
        this.nodes = nodes;
        this.processes = new Process[nodes.size()];
    }

    /**
     * Formats (on first use) and starts {@code count} nodes under {@code dir}, and returns once every node is in the
     * cluster's metadata; on failure every started node is stopped and the exception names the log files.
     */
    public static KafkaClusterProcesses start(Path dir, int count, Duration readyTimeout) {
        if (count < 1 || count > 9) {
            throw new IllegalArgumentException("a cluster of 1 to 9 nodes, not " + count);
        }
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clientPorts.add(ChildJvm.freePort());
            controllerPorts.add(ChildJvm.freePort());
        }
        List<KafkaNodeProperties> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(new KafkaNodeProperties(i, clientPorts, controllerPorts, dir.resolve("node-" + i)));
        }
        KafkaClusterProcesses cluster = new KafkaClusterProcesses(dir.toAbsolutePath(), nodes);
        try {
            cluster.format();
            for (int i = 1; i <= count; i++) {
                cluster.startNode(i);
            }
            cluster.awaitNodes(count, readyTimeout);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node's client address. */
    public String bootstrapServers() {
        return nodes.get(0).bootstrapServers();
    }

    public int size() {
        return nodes.size();
    }

    /** Replicas of each topic (three on a cluster of three or more). */
    public int replicationFactor() {
        return nodes.get(0).replicationFactor();
    }

    /** Process id of node {@code id} (1-based), or -1 while it is not running. */
    public long pid(int id) {
        Process p = processes[id - 1];
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    /** The client port of node {@code id}. */
    public int clientPort(int id) {
        return nodes.get(id - 1).clientPorts().get(id - 1);
    }

    /** Node {@code id}'s log file. */
    public Path logFile(int id) {
        return dir.resolve("logs").resolve("kafka-" + id + ".log");
    }

    /** SIGKILL of node {@code id}, as a crash: no controlled shutdown, no leadership hand-over. */
    public void kill(int id) throws InterruptedException {
        ChildJvm.kill(processes[id - 1]);
    }

    /** Starts node {@code id} again over its data (after {@link #kill}). */
    public void restart(int id) {
        if (pid(id) > 0) {
            throw new IllegalStateException("node " + id + " is running");
        }
        startNode(id);
    }

    /** Stops every node with SIGTERM (a controlled shutdown), forcibly after 30 s. */
    @Override
    public void close() {
        ChildJvm.stop(Arrays.asList(processes));
    }

    private void format() {
        String clusterId = null;
        for (KafkaNodeProperties node : nodes) {
            if (Files.exists(node.logDir().resolve("meta.properties"))) {
                continue; // formatted on an earlier start: keep its id and data
            }
            // Uuid.randomUuid never starts with '-', which the storage tool would read as an option
            clusterId = clusterId != null ? clusterId : Uuid.randomUuid().toString();
            try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
                Files.createDirectories(node.logDir());
                new Formatter()
                        .setPrintStream(quiet)
                        .setNodeId(node.nodeId())
                        .setClusterId(clusterId)
                        .setDirectories(List.of(node.logDir().toString()))
                        .setMetadataLogDirectory(node.logDir().toString())
                        .setControllerListenerName(KafkaNodeProperties.CONTROLLER_LISTENER)
                        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .run();
            } catch (Exception e) {
                throw new IllegalStateException("could not format Kafka node " + node.nodeId() + " in " + node.logDir()
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private void startNode(int id) {
        Path config = dir.resolve("node-" + id + ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            nodes.get(id - 1).toProperties().store(out, "CarbonEdge cluster node " + id);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the configuration of Kafka node " + id, e);
        }
        processes[id - 1] = ChildJvm.start("kafka.Kafka", List.of(NODE_HEAP, "-XX:+UseSerialGC"),
                List.of(config.toString()), dir.resolve("tmp-" + id), logFile(id));
    }

    /** Waits until {@code expected} nodes are in the cluster's metadata. */
    public void awaitNodes(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        String last = "no answer";
        try (Admin admin = Admin.create(conf)) {
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < processes.length; i++) {
                    if (processes[i] != null && !processes[i].isAlive()) {
                        throw new IllegalStateException("Kafka node " + (i + 1) + " exited with "
                                + processes[i].exitValue() + "; see " + logFile(i + 1));
                    }
                }
                try {
                    int seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (seen >= expected) {
                        return;
                    }
                    last = seen + " of " + expected + " nodes";
                } catch (Exception e) {
                    last = e.getMessage();
                }
                LockSupport.parkNanos(POLL_NANOS); // between attempts: a refused connection fails at once
            }
        }
        throw new IllegalStateException("the Kafka cluster did not show " + expected + " nodes within " + timeout + " ("
                + last + "); see " + dir.resolve("logs"));
    }

}
