package org.carbonedge.jobs.kafka;

import org.carbonedge.common.ClientSettings;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RegistryClient;

/** The embedded registry over an in-memory store: a real HTTP registry in milliseconds, no broker needed. */
public final class TestRegistry implements AutoCloseable {

    private final SchemaRegistryServer server = SchemaRegistryServer.start(new InMemorySchemaStore(), "127.0.0.1", 0);

    /** Settings pointing at this registry (the bootstrap address is never contacted). */
    public ClientSettings settings() {
        return ClientSettings.of("127.0.0.1:1", server.url());
    }

    /**
     * A catalog that registers nothing itself, as a service's does, after every catalog topic's schema and those of
     * {@code more} (e.g. a device's task topic) were registered here, as {@code carbonedge up} registers them.
     */
    public TopicCatalog provisionedCatalog(TopicDef<?>... more) {
        RegistryClient client = settings().registryClient();
        Topics.all().forEach(def -> client.register(def.valueSubject(), def.valueSchema()));
        for (TopicDef<?> def : more) {
            client.register(def.valueSubject(), def.valueSchema());
        }
        return new TopicCatalog(client, false);
    }

    @Override
    public void close() {
        server.close();
    }
}
