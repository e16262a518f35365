package org.carbonedge.cli.metrics;

import java.io.PrintWriter;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.carbonedge.cli.Ports;
import org.carbonedge.common.metrics.MetricsEndpoint;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} / {@code --metrics-host} for services without an HTTP API of their own (executors, feeds):
 * off unless a port is given, so embedded and test runs open nothing; docker/compose.yaml turns it on.
 */
public final class MetricsOptions {

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics (default: off; 0 = any free port).")
    Integer port;

    @Option(names = "--metrics-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Interface the metrics endpoint listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 in containers).")
    String host;

    /** A running metrics endpoint (or none); closing it stops it. */
    public interface Served extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Serves {@code registry} when a port was given and prints {@code metrics=URL} on {@code out}; closing the
     * result stops it (a no-op when metrics are off).
     */
    public Served serve(PrometheusRegistry registry, PrintWriter out) {
        if (port == null) {
            return () -> { };
        }
        Ports.check("--metrics-port", port);
        MetricsEndpoint endpoint = MetricsEndpoint.start(registry, host, port);
        out.println("metrics=" + endpoint.url());
        out.flush();
        return endpoint::close;
    }
}
