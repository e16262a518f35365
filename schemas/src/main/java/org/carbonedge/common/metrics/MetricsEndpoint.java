package org.carbonedge.common.metrics;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;

import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.carbonedge.common.http.AccessCheck;
import org.carbonedge.common.http.ErrorFormat;
import org.carbonedge.common.http.HttpListener;
import org.carbonedge.common.http.HttpListenerSettings;

/**
 * Serves a registry's metrics in the Prometheus text format at {@code GET /metrics}: on a port of its own for
 * services without an HTTP API (executors, feeds: {@code --metrics-port}), or as a route on an existing listener
 * ({@link #handler}: gateway, ledger). A port of its own runs on the shared {@link HttpListener}, like the APIs:
 * the address is the caller's choice ({@code --metrics-host}, loopback by default), slow clients are cut off and a
 * few worker threads suffice (Prometheus' own server had no read timeout).
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The path every CarbonEdge service serves its metrics on. */
    public static final String PATH = "/metrics";

    /** Scrapes are GETs: nothing needs a body. */
    private static final long MAX_BODY_BYTES = 8 * 1024;
    private static final int THREADS = 8;

    private final HttpListener listener;

    private MetricsEndpoint(HttpListener listener) {
        this.listener = listener;
    }

    /**
     * Starts serving {@code registry} on {@code host:port} (port 0: any free port).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static MetricsEndpoint start(PrometheusRegistry registry, String host, int port) {
        HttpListenerSettings settings = HttpListenerSettings.loopback(port).withHost(host)
                .withMaxBodyBytes(MAX_BODY_BYTES).withMaxThreads(THREADS);
        return new MetricsEndpoint(HttpListener.start("metrics", settings, ErrorFormat.statusAndError(),
                AccessCheck.OPEN, Map.of(PATH, handler(registry))));
    }

    /** Starts serving {@code registry} on loopback. */
    public static MetricsEndpoint start(PrometheusRegistry registry, int port) {
        return start(registry, HttpListenerSettings.LOOPBACK, port);
    }

    /** A handler to mount at {@link #PATH} on a listener that already serves an API. */
    public static HttpHandler handler(PrometheusRegistry registry) {
        return new MetricsHandler(registry);
    }

    /** The port actually bound. */
    public int port() {
        return listener.port();
    }

    /** The socket address actually bound. */
    public InetSocketAddress boundAddress() {
        return listener.boundAddress();
    }

    /** The metrics URL, e.g. {@code http://0.0.0.0:9400/metrics}. */
    public String url() {
        return listener.url() + PATH;
    }

    @Override
    public void close() {
        listener.close();
    }
}
