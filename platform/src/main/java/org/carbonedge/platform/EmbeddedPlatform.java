package org.carbonedge.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.carbonedge.common.ClientSettings;
import org.carbonedge.platform.registry.RegistryOptions;
import org.carbonedge.platform.registry.RegistrySecurity;
import java.util.Map;
import org.carbonedge.platform.registry.auth.RegistryUsers;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.TopicProvisioner;
import org.carbonedge.schemas.Topics;

/**
 * The one-machine default: a real KRaft broker and a Confluent-compatible schema registry (stored in a compacted
 * Kafka topic) on loopback, with every CarbonEdge topic created and every schema registered under its subject.
 * What {@code carbonedge up} runs, and what integration tests start.
 */
public final class EmbeddedPlatform implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registry;
    private final ClientSettings settings;
    private Duration startDuration = Duration.ZERO;

    private EmbeddedPlatform(EmbeddedKafkaBroker broker, SchemaRegistryServer registry, Map<String, String> registryClient) {
        this.broker = broker;
        this.registry = registry;
        this.settings = new ClientSettings(broker.bootstrapServers(), registry.url(), Map.of(), registryClient);
    }

    /**
     * Starts broker and registry, creates the topics and registers the schemas.
     *
     * @param dataDir      where broker logs live (reused across restarts)
     * @param kafkaPort    client port, 0 for a free one
     * @param registryPort registry HTTP port, 0 for a free one
     */
    public static EmbeddedPlatform start(Path dataDir, int kafkaPort, int registryPort) {
        return start(dataDir, kafkaPort, registryPort, EmbeddedKafkaBroker.LOOPBACK);
    }

    /**
     * As {@link #start(Path, int, int)}, the broker's client listener and the registry bound to {@code bindHost}
     * (loopback unless told otherwise: closed by default).
     */
    public static EmbeddedPlatform start(Path dataDir, int kafkaPort, int registryPort, String bindHost) {
        return start(dataDir, kafkaPort, registryPort, bindHost, null);
    }

    /** Name of the user the platform's own clients authenticate as when the registry requires basic auth. */
    public static final String INTERNAL_USER = "carbonedge-internal";

    /**
     * As {@link #start(Path, int, int, String)}, the registry requiring HTTP basic authentication from
     * {@code registryUsers} (null: none). The platform's own clients (provisioning, every service {@code up} starts)
     * authenticate as {@value #INTERNAL_USER} with a random password made for this run and never printed.
     */
    public static EmbeddedPlatform start(Path dataDir, int kafkaPort, int registryPort, String bindHost,
                                         RegistryUsers registryUsers) {
        Map<String, String> registryClient = Map.of();
        RegistryUsers users = registryUsers;
        if (registryUsers != null) {
            byte[] secret = new byte[24];
            new java.security.SecureRandom().nextBytes(secret);
            String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            users = registryUsers.with(INTERNAL_USER, password);
            registryClient = Map.of("basic.auth.credentials.source", "USER_INFO",
                    "basic.auth.user.info", INTERNAL_USER + ":" + password);
        }
        long t0 = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, kafkaPort, bindHost);
        SchemaRegistryServer registry;
        try {
            registry = SchemaRegistryServer.start(
                    RegistryOptions.of(broker.bootstrapServers(), Topics.SCHEMAS_STORE, bindHost, registryPort),
                    RegistrySecurity.open().withProtectedSubjects(Topics.valueSubjects()).withUsers(users));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        EmbeddedPlatform platform = new EmbeddedPlatform(broker, registry, registryClient);
        try {
            platform.provision(Topics.all());
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        platform.startDuration = Duration.ofNanos(System.nanoTime() - t0);
        return platform;
    }

    /** Creates topics that are missing and registers their schemas (idempotent). */
    public List<String> provision(List<? extends org.carbonedge.schemas.TopicDef<?>> defs) {
        return TopicProvisioner.provision(settings, (short) 1, defs);
    }

    /** How to reach this platform. */
    public ClientSettings settings() {
        return settings;
    }

    /** A catalog with auto-registration off, as services use it. */
    public TopicCatalog catalog() {
        return settings.catalog();
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    /**
     * Up while both the broker and the registry accept connections (a cheap TCP connect each, bounded by a second);
     * failed with the one that does not.
     */
    public org.carbonedge.common.Health health() {
        String broker = unreachable(bootstrapServers());
        if (broker != null) {
            return org.carbonedge.common.Health.failed("Kafka broker " + bootstrapServers() + " unreachable: " + broker);
        }
        java.net.URI registryUri = java.net.URI.create(registryUrl());
        String registryDown = unreachable(registryUri.getHost() + ":" + registryUri.getPort());
        if (registryDown != null) {
            return org.carbonedge.common.Health.failed("schema registry " + registryUrl() + " unreachable: " + registryDown);
        }
        return org.carbonedge.common.Health.up();
    }

    private static String unreachable(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 1_000);
            return null;
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** Wall time from the call to {@link #start} until topics and schemas were ready. */
    public Duration startDuration() {
        return startDuration;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
