package org.carbonedge.platform.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.carbonedge.platform.registry.core.RegistryService;
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
 *         RegistryOptions.of(broker.bootstrapServers(), "carbonedge._schemas", "127.0.0.1", 0))) {
 *     String url = registry.url(); // http://127.0.0.1:PORT
 * }
 * }</pre>
 *
 * <p>One instance per store topic: it is the single writer (see {@link SchemaStore}). Schema references are
 * not resolved; only AVRO schemas are accepted.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final int HTTP_THREADS = 4;

    static {
        // The JDK server writes headers and body separately; with Nagle on, keep-alive clients wait ~40 ms for a
        // delayed ACK on every call. The property is read once per JVM, when the first JDK server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SchemaStore store;
    private final HttpServer http;
    private final ExecutorService executor;
    private final String url;

    private SchemaRegistryServer(SchemaStore store, HttpServer http, ExecutorService executor) {
        this.store = store;
        this.http = http;
        this.executor = executor;
        InetSocketAddress address = http.getAddress();
        this.url = "http://" + address.getHostString() + ":" + address.getPort();
    }

    /** Starts a registry backed by the Kafka topic in {@code options}, creating the topic if needed. */
    public static SchemaRegistryServer start(RegistryOptions options) {
        SchemaStore store = new KafkaSchemaStore(options.bootstrapServers(), options.topic(),
                options.replicationFactor(), options.storeTimeout());
        return start(store, options.host(), options.port());
    }

    /**
     * Starts a registry over any store (tests use {@link org.carbonedge.platform.registry.store.InMemorySchemaStore}).
     * The registry owns the store from now on and closes it.
     */
    public static SchemaRegistryServer start(SchemaStore store, String host, int port) {
        ExecutorService executor = null;
        try {
            RegistryService registry = new RegistryService(store);
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
            http.createContext("/", new RegistryHttpHandler(RegistryRoutes.create(registry)));
            executor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads());
            http.setExecutor(executor);
            http.start();
            SchemaRegistryServer server = new SchemaRegistryServer(store, http, executor);
            LOG.info("Schema registry listening on {} (store: {})", server.url(), store.describe());
            return server;
        } catch (IOException e) {
            closeQuietly(store, executor);
            throw new UncheckedIOException("could not bind the schema registry to " + host + ":" + port
                    + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(store, executor);
            throw e;
        }
    }

    /** Base URL for clients, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    /** The bound port (useful when started with port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Stops serving, then closes the store. */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        store.close();
        LOG.info("Schema registry on {} stopped", url);
    }

    private static void closeQuietly(SchemaStore store, ExecutorService executor) {
        if (executor != null) {
            executor.shutdownNow();
        }
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the store after a failed start", e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "schema-registry-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
