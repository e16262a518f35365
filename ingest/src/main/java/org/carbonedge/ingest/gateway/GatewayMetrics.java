package org.carbonedge.ingest.gateway;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.carbonedge.common.metrics.Metrics;

/**
 * The gateway's metrics ({@link Metrics}, GATEWAY): requests accepted and refused by HTTP status, the time to
 * answer {@code POST /v1/infer}, the requests followed, and those of them the router was seen holding for a cleaner
 * grid (read from the tracker at each scrape). Served at {@code GET /metrics} on the gateway's port.
 */
final class GatewayMetrics {

    /** Answer times of POST /v1/infer, seconds: from a refused body (sub-ms) to the 10 s publish timeout. */
    private static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter accepted = Metrics.GATEWAY_REQUESTS_ACCEPTED.counter(registry);
    private final Counter rejected = Metrics.GATEWAY_REQUESTS_REJECTED.counter(registry);
    private final Histogram duration = Metrics.GATEWAY_REQUEST_SECONDS.histogram(registry, SECONDS);

    GatewayMetrics(IntSupplier trackedRequests, LongSupplier heldRequestsSeen) {
        Metrics.GATEWAY_TRACKED_REQUESTS.gauge(registry, cb -> cb.call(trackedRequests.getAsInt()));
        Metrics.GATEWAY_REQUESTS_HELD.counter(registry, cb -> cb.call(heldRequestsSeen.getAsLong()));
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** Records one answered {@code POST /v1/infer}: 202 is accepted, anything else refused. */
    void inferAnswered(int httpStatus, long nanos) {
        duration.observe(nanos / 1e9);
        if (httpStatus == 202) {
            accepted.inc();
        } else {
            rejected.labelValues(Integer.toString(httpStatus)).inc();
        }
    }
}
