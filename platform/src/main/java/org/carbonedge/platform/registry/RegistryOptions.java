package org.carbonedge.platform.registry;

import java.time.Duration;

/**
 * How to run the registry: where its Kafka store lives and where it listens.
 *
 * @param bootstrapServers  Kafka bootstrap servers holding the store topic
 * @param topic             compacted store topic (created if missing), e.g. {@code carbonedge._schemas}
 * @param host              interface to bind, {@code 127.0.0.1} by default
 * @param port              port to bind, 0 to pick a free one
 * @param replicationFactor replication of the store topic when it has to be created
 * @param storeTimeout      bound on topic creation, on each write and on the replay at start
 */
public record RegistryOptions(String bootstrapServers, String topic, String host, int port, short replicationFactor,
                              Duration storeTimeout) {

    /** Loopback address the registry binds unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public RegistryOptions {
        require(bootstrapServers, "bootstrapServers");
        require(topic, "topic");
        require(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("schema registry port must be in 0..65535 (0 = any free port), got " + port);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
        }
        if (storeTimeout == null || storeTimeout.isNegative() || storeTimeout.isZero()) {
            throw new IllegalArgumentException("storeTimeout must be positive, got " + storeTimeout);
        }
    }

    /** Replication factor 1 and a 30 s store timeout: the one-machine default. */
    public static RegistryOptions of(String bootstrapServers, String topic, String host, int port) {
        return new RegistryOptions(bootstrapServers, topic, host, port, (short) 1, Duration.ofSeconds(30));
    }

    /** Loopback, any free port. */
    public static RegistryOptions of(String bootstrapServers, String topic) {
        return of(bootstrapServers, topic, DEFAULT_HOST, 0);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("schema registry option '" + name + "' must not be blank");
        }
    }
}
