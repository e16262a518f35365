package org.carbonedge.platform.registry;

import java.util.Map;

import org.carbonedge.common.http.HttpListener;
import org.carbonedge.common.http.HttpListenerSettings;
import org.carbonedge.platform.registry.core.RegistryService;
import org.carbonedge.platform.registry.http.ConfluentErrors;
import org.carbonedge.platform.registry.http.RegistryHttpHandler;
import org.carbonedge.platform.registry.http.RegistryRoutes;
import org.carbonedge.platform.registry.store.KafkaSchemaStore;
import org.carbonedge.platform.registry.store.SchemaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded schema registry speaking Confluent's REST API (the Avro subset), so the platform runs on one
 * machine without Confluent's server, and Confluent serializers, clients and tools work against it unchanged.
 * Schemas live in a compacted Kafka topic and survive restarts.
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry = SchemaRegistryServer.start(
 *         RegistryOptions.of(broker.bootstrapServers(), "carbonedge._schemas", "127.0.0.1", 0),
 *         RegistrySecurity.open().withProtectedSubjects(Set.of("carbonedge.requests-value")))) {
 *     String url = registry.url(); // http://127.0.0.1:PORT
 * }
 * }</pre>
 *
 * <p>Closed by default: it listens on loopback unless given another bind address, takes bodies up to
 * {@link #MAX_BODY_BYTES}, cuts off clients that stop sending ({@link HttpListener}), and with
 * {@link RegistrySecurity} requires basic authentication, starts READONLY, or refuses deletes of the subjects the
 * pipeline cannot lose.
 *
 * <p>One instance per store topic: it is the single writer (see {@link SchemaStore}). Schemas with references
 * are refused (42201); only AVRO schemas are accepted.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    /** Largest request body: a schema document of 1 MiB, Confluent Cloud's own limit, is far above any real one. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);

    private final SchemaStore store;
    private final HttpListener http;
    private final String url;

    private SchemaRegistryServer(SchemaStore store, HttpListener http) {
        this.store = store;
        this.http = http;
        String host = http.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = HttpListenerSettings.LOOPBACK; // bound to every interface: this machine reaches it on loopback
        }
        this.url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port();
    }

    /** Starts a registry backed by the Kafka topic in {@code options}, open to anyone who reaches its address. */
    public static SchemaRegistryServer start(RegistryOptions options) {
        return start(options, RegistrySecurity.open());
    }

    /**
     * Starts a registry backed by the Kafka topic in {@code options} (bound to {@code options.host()}, loopback
     * by default), creating the topic if needed, with {@code security}'s authentication, mode and protected subjects.
     */
    public static SchemaRegistryServer start(RegistryOptions options, RegistrySecurity security) {
        SchemaStore store = new KafkaSchemaStore(options.bootstrapServers(), options.topic(),
                options.replicationFactor(), options.storeTimeout());
        return start(store, httpSettings(options.host(), options.port()), security);
    }

    /**
     * Starts an open registry over any store (tests use
     * {@link org.carbonedge.platform.registry.store.InMemorySchemaStore}). The registry owns the store from now on
     * and closes it.
     */
    public static SchemaRegistryServer start(SchemaStore store, String host, int port) {
        return start(store, httpSettings(host, port), RegistrySecurity.open());
    }

    /** Starts a registry over any store with explicit listener settings and security; it owns the store. */
    public static SchemaRegistryServer start(SchemaStore store, HttpListenerSettings settings, RegistrySecurity security) {
        try {
            RegistryService registry = new RegistryService(store, security.policy());
            HttpListener http = HttpListener.start("schema-registry", settings, new ConfluentErrors(),
                    security.access(), Map.of("/", new RegistryHttpHandler(RegistryRoutes.create(registry))));
            SchemaRegistryServer server = new SchemaRegistryServer(store, http);
            LOG.info("Schema registry listening on {}:{} (store: {}, authentication: {}, protected subjects: {})",
                    settings.host(), http.port(), store.describe(), security.users() == null ? "none" : "basic",
                    security.policy().protectedSubjects().size());
            return server;
        } catch (RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
    }

    /** The registry's listener defaults: {@link HttpListenerSettings#loopback} with {@link #MAX_BODY_BYTES}. */
    public static HttpListenerSettings httpSettings(String host, int port) {
        return HttpListenerSettings.loopback(port).withHost(host).withMaxBodyBytes(MAX_BODY_BYTES);
    }

    /** Base URL for clients on this machine, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    /** The bound port (useful when started with port 0). */
    public int port() {
        return http.port();
    }

    /** The socket address actually bound. */
    public java.net.InetSocketAddress boundAddress() {
        return http.boundAddress();
    }

    /** Stops serving, then closes the store. */
    @Override
    public void close() {
        http.close();
        store.close();
        LOG.info("Schema registry on {} stopped", url);
    }

    private static void closeQuietly(SchemaStore store) {
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the store after a failed start", e);
        }
    }
}
