package org.carbonedge.platform.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@code server.properties} of one node of a multi-node KRaft cluster on one machine: every node is a broker
 * and a controller (a static quorum of all nodes), and the cluster's durability is a production cluster's — topics
 * and the internal offsets and transaction logs with three replicas and {@code min.insync.replicas} 2, so one node can
 * die without losing an acknowledged record or stopping writes. Every listener binds to loopback.
 *
 * @param nodeId          1-based node id
 * @param clientPorts     client port of each node, in node order
 * @param controllerPorts controller port of each node, in node order
 * @param logDir          this node's data directory
 */
public record KafkaNodeProperties(int nodeId, List<Integer> clientPorts, List<Integer> controllerPorts, Path logDir) {

    /** Listener the controllers talk on. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String LOOPBACK = "127.0.0.1";

    public KafkaNodeProperties {
        if (clientPorts.size() != controllerPorts.size() || nodeId < 1 || nodeId > clientPorts.size()) {
            throw new IllegalArgumentException("node " + nodeId + " of " + clientPorts.size() + " nodes with "
                    + controllerPorts.size() + " controller ports");
        }
        clientPorts = List.copyOf(clientPorts);
        controllerPorts = List.copyOf(controllerPorts);
    }

    /** Replicas of every topic and internal log: three, or fewer on a smaller cluster. */
    public int replicationFactor() {
        return Math.min(3, clientPorts.size());
    }

    /** In-sync replicas an acks=all write needs: one less than the replicas (so one node may be down), at least 1. */
    public int minInSyncReplicas() {
        return Math.max(1, replicationFactor() - 1);
    }

    /** Every node's client address, for clients. */
    public String bootstrapServers() {
        return clientPorts.stream().map(p -> LOOPBACK + ":" + p).collect(Collectors.joining(","));
    }

    public Properties toProperties() {
        int clientPort = clientPorts.get(nodeId - 1);
        int controllerPort = controllerPorts.get(nodeId - 1);
        String voters = IntStream.range(0, controllerPorts.size())
                .mapToObj(i -> (i + 1) + "@" + LOOPBACK + ":" + controllerPorts.get(i)).collect(Collectors.joining(","));
        String rf = String.valueOf(replicationFactor());
        String isr = String.valueOf(minInSyncReplicas());
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + clientPort + "," + CONTROLLER_LISTENER + "://" + LOOPBACK
                + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + clientPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("auto.create.topics.enable", "false");
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", isr);
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", isr);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", isr);
        p.put("group.initial.rebalance.delay.ms", "0");
        // nodes on one machine: a dead node is fenced (and its partitions' leadership moved) after 3 s, not 9
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }
}
