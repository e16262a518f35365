package org.carbonedge.common.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Serves a registry's metrics in the Prometheus text format at {@code GET /metrics}: on a port of its own for
 * services without an HTTP API (executors, feeds: {@code --metrics-port}), or as a route on an existing JDK HTTP
 * server ({@link #handler}: gateway, ledger).
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The path every CarbonEdge service serves its metrics on. */
    public static final String PATH = "/metrics";

    private final HTTPServer server;
    private final String host;

    private MetricsEndpoint(HTTPServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /**
     * Starts serving {@code registry} on {@code host:port} (port 0: any free port).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static MetricsEndpoint start(PrometheusRegistry registry, String host, int port) {
        try {
            return new MetricsEndpoint(HTTPServer.builder().hostname(host).port(port).registry(registry)
                    .metricsHandlerPath(PATH).buildAndStart(), host);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** A handler to mount at {@link #PATH} on a server that already serves an API. */
    public static HttpHandler handler(PrometheusRegistry registry) {
        return new MetricsHandler(registry);
    }

    /** The port actually bound. */
    public int port() {
        return server.getPort();
    }

    /** The metrics URL, e.g. {@code http://0.0.0.0:9400/metrics}. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port() + PATH;
    }

    @Override
    public void close() {
        server.close();
    }
}
