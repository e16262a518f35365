package org.carbonedge.jobs.kafka;

import org.carbonedge.common.ClientSettings;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;

/** The embedded registry over an in-memory store: a real HTTP registry in milliseconds, no broker needed. */
public final class TestRegistry implements AutoCloseable {

    private final SchemaRegistryServer server = SchemaRegistryServer.start(new InMemorySchemaStore(), "127.0.0.1", 0);

    /** Settings pointing at this registry (the bootstrap address is never contacted). */
    public ClientSettings settings() {
        return ClientSettings.of("127.0.0.1:1", server.url());
    }

    @Override
    public void close() {
        server.close();
    }
}
