package org.carbonedge.schemas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.carbonedge.schemas.serde.RegistryAvroSerde;
import org.carbonedge.schemas.serde.RegistryClient;

/**
 * Binds {@link Topics} definitions to registry-aware serdes for one registry. Services take a catalog and ask it
 * for the topics they use, so a topic's name and serdes never drift apart between producer and consumer.
 */
public final class TopicCatalog {

    private final RegistryClient registry;
    private final boolean autoRegister;
    private final Map<String, Topic<?>> bound = new ConcurrentHashMap<>();

    /**
     * @param autoRegister false in services (schemas are registered once by {@code carbonedge up} or the
     *                     provisioner, as in production); true only for ad-hoc tools and tests
     */
    public TopicCatalog(RegistryClient registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    public RegistryClient registry() {
        return registry;
    }

    /**
     * A serde for a Kafka Streams state store of {@code def}'s value type. Its changelog and repartition topics
     * belong to the application, so their subjects are registered on first use, as Confluent's serdes do.
     */
    public <V extends SpecificRecord> RegistryAvroSerde<V> storeSerde(TopicDef<V> def) {
        return new RegistryAvroSerde<>(registry, def.valueType(), def.valueSchema(), true);
    }

    /** The topic of {@code def} with its key and value serdes. */
    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> Topic<V> topic(TopicDef<V> def) {
        return (Topic<V>) bound.computeIfAbsent(def.name(), n -> new Topic<>(def, Serdes.String(),
                new RegistryAvroSerde<>(registry, def.valueType(), def.valueSchema(), autoRegister)));
    }
}
