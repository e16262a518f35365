package org.carbonedge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The Flink metrics the dashboard queries exist: a MiniCluster with the same Prometheus reporter settings as the
 * compose file's Flink containers runs a checkpointed job, and its reporter endpoint is scraped until every
 * {@code flink_*} name the dashboard uses has shown up.
 */
class FlinkReporterMetricsTest {

    private static final int PORTS = 5;

    @Test
    void everyFlinkMetricTheDashboardQueriesIsReported() throws Exception {
        Set<String> wanted = DashboardTest.queriedMetrics().stream().filter(n -> n.startsWith("flink_"))
                .collect(Collectors.toSet());
        assertThat(wanted).isNotEmpty();
        int first = freePort();
        Configuration conf = new Configuration();
        // the reporter keys of docker/compose.yaml's FLINK_PROPERTIES, on a free port range
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", first + "-" + (first + PORTS - 1));
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(200);
        env.fromSequence(0, Long.MAX_VALUE).map(x -> x + 1).returns(Long.class).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("flink-metrics-check");
        try {
            Set<String> seen = new HashSet<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (int p = first; p < first + PORTS; p++) {
                    seen.addAll(Scrape.sampleNames(Scrape.text("http://127.0.0.1:" + p + "/metrics")));
                }
                return seen.containsAll(wanted);
            });
            assertThat(seen).containsAll(wanted);
        } finally {
            job.cancel().get();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
