package org.carbonedge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.carbonedge.common.metrics.MetricDef;
import org.carbonedge.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

/**
 * The provisioned Grafana dashboard queries only metrics the code registers (the {@link Metrics} catalog; Flink's
 * are checked against a running reporter by {@link FlinkReporterMetricsTest}), with labels those metrics have, through
 * the provisioned data source, and has the panels the deployment promises.
 */
class DashboardTest {

    /** Labels Prometheus adds to every scraped series. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    static JsonNode dashboard() throws Exception {
        return new ObjectMapper().readTree(DeploymentFiles.DASHBOARD.toFile());
    }

    /** Every expression of every panel, by panel title. */
    static Map<String, List<String>> expressions() throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode panel : dashboard().get("panels")) {
            List<String> exprs = new ArrayList<>();
            panel.get("targets").forEach(t -> exprs.add(t.get("expr").asText()));
            out.put(panel.get("title").asText(), exprs);
        }
        return out;
    }

    /** The metric names the dashboard queries. */
    static Set<String> queriedMetrics() throws Exception {
        Set<String> out = new HashSet<>();
        for (List<String> exprs : expressions().values()) {
            exprs.forEach(e -> out.addAll(PromQl.parse(e).metrics()));
        }
        return out;
    }

    @Test
    void everyQueriedMetricIsInTheCatalogWithTheLabelsItHas() throws Exception {
        Map<String, MetricDef> samples = new LinkedHashMap<>();
        Metrics.all().forEach(def -> def.sampleNames().forEach(n -> samples.put(n, def)));
        int carbonedge = 0;
        for (var panel : expressions().entrySet()) {
            for (String expr : panel.getValue()) {
                PromQl.Selection s = PromQl.parse(expr);
                assertThat(s.metrics()).as(panel.getKey() + ": " + expr).isNotEmpty();
                for (var metric : s.labelsByMetric().entrySet()) {
                    String name = metric.getKey();
                    if (name.startsWith("flink_")) {
                        continue; // FlinkReporterMetricsTest scrapes a running Flink reporter for these
                    }
                    assertThat(samples).as(panel.getKey() + " queries " + name).containsKey(name);
                    carbonedge++;
                    MetricDef def = samples.get(name);
                    Set<String> allowed = new HashSet<>(def.labels());
                    allowed.addAll(TARGET_LABELS);
                    if (name.endsWith("_bucket") && def.type() == MetricDef.Type.HISTOGRAM) {
                        allowed.add("le");
                    }
                    assertThat(allowed).as(panel.getKey() + ": labels of " + name + " in " + expr).containsAll(metric.getValue());
                }
            }
        }
        assertThat(carbonedge).isGreaterThan(10);
    }

    @Test
    void hasThePromisedPanelsOnTheProvisionedDataSource() throws Exception {
        Set<String> titles = expressions().keySet();
        assertThat(String.join("\n", titles)).contains("gCO2 per inference by policy", "intensity per zone",
                "Device utilisation", "Routing share", "End-to-end latency");
        String uid = ((Map<?, ?>) ((List<?>) DeploymentFiles.yaml(DeploymentFiles.DOCKER.resolve(
                "grafana/provisioning/datasources/prometheus.yaml")).get("datasources")).get(0)).get("uid").toString();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard().get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("unique panel id").isTrue();
            assertThat(panel.get("datasource").get("uid").asText()).isEqualTo(uid);
            panel.get("targets").forEach(t -> assertThat(t.get("datasource").get("uid").asText()).isEqualTo(uid));
        }
        assertThat(dashboard().get("uid").asText()).isEqualTo("carbonedge");
    }

    @Test
    void everyCatalogMetricIsInTheReadme() {
        String readme = DeploymentFiles.read(DeploymentFiles.README);
        for (MetricDef def : Metrics.all()) {
            String name = def.type() == MetricDef.Type.HISTOGRAM ? def.name() : def.sampleNames().get(0);
            assertThat(readme).as("README lists " + name).contains("`" + name);
        }
    }

    @Test
    void promQlParsingFindsMetricsNotFunctionsOrLabels() {
        PromQl.Selection s = PromQl.parse("histogram_quantile(0.95, sum by (le) (rate(a_bucket{x=\"1\",y!~\"z.*\"}[5m])))"
                + " / sum by (value) (increase(b_total[$__range])) or vector(0)");
        assertThat(s.labelsByMetric()).containsOnlyKeys("a_bucket", "b_total");
        assertThat(s.labelsByMetric().get("a_bucket")).containsExactlyInAnyOrder("le", "value", "x", "y");
    }
}
