package org.carbonedge.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

/** A metrics port of its own: loopback unless told otherwise, the Prometheus text at /metrics, nothing else. */
class MetricsEndpointTest {

    @Test
    void servesOnLoopbackByDefault() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("carbonedge_test_total").help("a test counter").register(registry).inc();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, 0)) {
            assertThat(endpoint.boundAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(endpoint.url()).isEqualTo("http://127.0.0.1:" + endpoint.port() + "/metrics");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> scraped = client.send(HttpRequest.newBuilder(URI.create(endpoint.url()))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body()).contains("carbonedge_test_total 1.0");
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + endpoint.port() + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }
}
