package org.carbonedge.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.serde.RegistryClient;

/**
 * Creates CarbonEdge topics that do not exist yet and registers their value schemas, so services can run with
 * auto-registration off; returns only once every created partition is served by its leader
 * ({@link PartitionsOnline}). Safe to run any number of times.
 */
public final class TopicProvisioner {

    private static final long TIMEOUT_SECONDS = 60;

    private final Admin admin;
    private final RegistryClient registry;
    private final short replicationFactor;

    public TopicProvisioner(Admin admin, RegistryClient registry, short replicationFactor) {
        this.admin = admin;
        this.registry = registry;
        this.replicationFactor = replicationFactor;
    }

    /**
     * Connects with {@code settings} (TLS/SASL included) and provisions {@code defs}; replication factor -1 takes
     * the broker's {@code default.replication.factor}. Returns the topics it created.
     */
    public static List<String> provision(ClientSettings settings, short replicationFactor,
                                         Collection<? extends TopicDef<? extends SpecificRecord>> defs) {
        try (Admin admin = Admin.create(settings.admin())) {
            return new TopicProvisioner(admin, settings.registryClient(), replicationFactor).provision(defs);
        }
    }

    /** Ensures every topic exists and its value schema is registered; returns the topics it created. */
    public List<String> provision(Collection<? extends TopicDef<? extends SpecificRecord>> defs) {
        List<String> created = createMissing(defs);
        for (TopicDef<? extends SpecificRecord> def : defs) {
            registry.register(def.valueSubject(), def.valueSchema());
        }
        return created;
    }

    private List<String> createMissing(Collection<? extends TopicDef<? extends SpecificRecord>> defs) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicDef<? extends SpecificRecord> def : defs) {
                if (!existing.contains(def.name())) {
                    missing.add(new NewTopic(def.name(), def.partitions(), replicationFactor).configs(def.configs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another instance racing us to create it is fine; anything else is not
                    }
                }
            }
            PartitionsOnline.await(admin, created, Duration.ofSeconds(TIMEOUT_SECONDS));
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new KafkaException("could not create CarbonEdge topics: " + e.getMessage(), e);
        }
    }
}
