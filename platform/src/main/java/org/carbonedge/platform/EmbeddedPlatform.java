package org.carbonedge.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.carbonedge.common.ClientSettings;
import org.carbonedge.platform.registry.RegistryOptions;
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

    private EmbeddedPlatform(EmbeddedKafkaBroker broker, SchemaRegistryServer registry) {
        this.broker = broker;
        this.registry = registry;
        this.settings = ClientSettings.of(broker.bootstrapServers(), registry.url());
    }

    /**
     * Starts broker and registry, creates the topics and registers the schemas.
     *
     * @param dataDir      where broker logs live (reused across restarts)
     * @param kafkaPort    client port, 0 for a free one
     * @param registryPort registry HTTP port, 0 for a free one
     */
    public static EmbeddedPlatform start(Path dataDir, int kafkaPort, int registryPort) {
        long t0 = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, kafkaPort);
        SchemaRegistryServer registry;
        try {
            registry = SchemaRegistryServer.start(
                    RegistryOptions.of(broker.bootstrapServers(), Topics.SCHEMAS_STORE, "127.0.0.1", registryPort));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        EmbeddedPlatform platform = new EmbeddedPlatform(broker, registry);
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
