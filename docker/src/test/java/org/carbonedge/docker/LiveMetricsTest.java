package org.carbonedge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.carbonedge.cli.CliRun;
import org.carbonedge.cli.metrics.ExecutorMetrics;
import org.carbonedge.cli.metrics.FeedMetrics;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.metrics.MetricDef;
import org.carbonedge.common.metrics.Metrics;
import org.carbonedge.common.metrics.MetricsEndpoint;
import org.carbonedge.executor.device.DeviceProfiles;
import org.carbonedge.feed.demo.DemoFeed;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.feed.replay.IntensitySink;
import org.carbonedge.ingest.gateway.GatewayOptions;
import org.carbonedge.ingest.gateway.InferenceGateway;
import org.carbonedge.ledger.EmissionsLedger;
import org.carbonedge.ledger.LedgerOptions;
import org.carbonedge.platform.EmbeddedKafkaBroker;
import org.carbonedge.platform.registry.RegistryOptions;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack's path on a bare broker and registry, in one JVM: {@code carbonedge init} prepares them (topics,
 * schemas, the device's task topic, the model; a second run creates nothing), the pipeline starts on them, executors,
 * feed, gateway and ledger serve {@code /metrics} as they do in containers, one inference goes through the gateway,
 * and each endpoint is scraped: every catalog metric is served by a running service of its kind, and so is every
 * CarbonEdge metric the dashboard queries.
 */
class LiveMetricsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void everyServiceKindServesItsCatalogMetrics() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
             SchemaRegistryServer registry = SchemaRegistryServer.start(
                     RegistryOptions.of(broker.bootstrapServers(), Topics.SCHEMAS_STORE, "127.0.0.1", 0))) {
            List<AutoCloseable> open = new ArrayList<>();
            try {
                check(ClientSettings.of(broker.bootstrapServers(), registry.url()), open);
            } finally {
                for (int i = open.size() - 1; i >= 0; i--) {
                    open.get(i).close(); // services before the broker they talk to
                }
            }
        }
    }

    /**
     * Prepares {@code cluster} with {@code carbonedge init}, starts the services on it (adding each to {@code open}),
     * sends one inference and scrapes.
     */
    private void check(ClientSettings cluster, List<AutoCloseable> open) throws Exception {
        DeviceSpec device = DeviceSpec.PAPER_NODES.get(2);
        init(cluster, device.deviceId());
        EmbeddedPipeline pipeline = EmbeddedPipeline.start(new EmbeddedPipeline.Options(dir, 0, 0, List.of(device),
                List.of("mnist-cnn"), 2, false).onCluster(cluster));
        open.add(pipeline);
        Map<MetricDef.Service, String> urls = new EnumMap<>(MetricDef.Service.class);

        MetricsEndpoint executor = MetricsEndpoint.start(ExecutorMetrics.of(device.deviceId(), device.zone(),
                DeviceProfiles.named(device.profile()), pipeline.executor(device.deviceId()).stats()), "127.0.0.1", 0);
        open.add(executor);
        urls.put(MetricDef.Service.EXECUTOR, executor.url());

        FeedMetrics feedMetrics = new FeedMetrics(Clock.systemUTC());
        MetricsEndpoint feed = MetricsEndpoint.start(feedMetrics.registry(), "127.0.0.1", 0);
        open.add(feed);
        urls.put(MetricDef.Service.FEED, feed.url());
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (KafkaIntensitySink sink = KafkaIntensitySink.open(cluster, "live-metrics-feed", ProducerTuning.LOW_LATENCY);
             IntensitySink metered = feedMetrics.meter(sink)) {
            DemoFeed.records(List.of(device.zone()), hour.minus(Duration.ofHours(2)), hour.plus(Duration.ofHours(2)))
                    .forEach(metered::accept);
        }

        EmissionsLedger ledger = new EmissionsLedger(cluster, cluster.catalog(),
                new LedgerOptions("live-metrics-ledger", dir.resolve("ledger"), "127.0.0.1", 0));
        open.add(ledger);
        ledger.start();
        urls.put(MetricDef.Service.LEDGER, ledger.url() + MetricsEndpoint.PATH);

        InferenceGateway gateway = new InferenceGateway(cluster, GatewayOptions.defaults().withPort(0));
        open.add(gateway);
        gateway.start();
        urls.put(MetricDef.Service.GATEWAY, gateway.url() + MetricsEndpoint.PATH);

        String zeros = String.join(",", Collections.nCopies(28 * 28, "0"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                Scrape.text(gateway.url() + "/v1/models").contains("mnist-cnn"));
        assertThat(post(gateway.url() + "/v1/infer",
                "{\"modelId\":\"mnist-cnn\",\"policy\":\"green\",\"inputs\":[{\"values\":[" + zeros + "]}]}")).isEqualTo(202);
        assertThat(post(gateway.url() + "/v1/infer", "{\"modelId\":\"no-such-model\",\"inputs\":[]}")).isEqualTo(404);

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                Scrape.text(urls.get(MetricDef.Service.LEDGER))
                        .contains("carbonedge_ledger_inferences_total{dimension=\"policy\",status=\"ok\",value=\"green\"} 1"));

        Set<String> served = new HashSet<>();
        for (MetricDef.Service kind : MetricDef.Service.values()) {
            if (kind == MetricDef.Service.SUPERVISOR) {
                continue;   // served by `carbonedge up --metrics-port` (cli's SupervisorTest), not by a compose service
            }
            Set<String> samples = Scrape.sampleNames(Scrape.text(urls.get(kind)));
            served.addAll(samples);
            for (MetricDef def : Metrics.of(kind)) {
                assertThat(samples).as(kind + " at " + urls.get(kind)).containsAll(def.sampleNames());
            }
        }
        Set<String> queried = new HashSet<>(DashboardTest.queriedMetrics());
        queried.removeIf(n -> n.startsWith("flink_"));
        assertThat(served).as("served metrics").containsAll(queried);
        assertThat(Scrape.text(urls.get(MetricDef.Service.GATEWAY)))
                .contains("carbonedge_gateway_requests_rejected_total{status=\"404\"} 1");
        assertThat(Scrape.text(urls.get(MetricDef.Service.FEED)))
                .contains("carbonedge_feed_records_published_total{zone=\"" + device.zone() + "\"} 4");
    }

    /** What the compose stack's init service does, then once more: the second run creates nothing. */
    private void init(ClientSettings cluster, String deviceId) throws Exception {
        CliRun first = CliRun.run("init", "--bootstrap", cluster.bootstrapServers(), "--registry", cluster.registryUrl(),
                "--replication-factor", "1", "--device", deviceId, "--model", "mnist-cnn", "--parts", "2",
                "--model-store", dir.resolve("models").toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        int topics = Topics.all().size() + 1;
        assertThat(first.out()).contains("init topics=" + topics + " created=" + topics + " schemas=" + topics + " models=mnist-cnn");
        try (Admin admin = Admin.create(cluster.admin())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.tasks(deviceId).name())
                    .containsAll(Topics.all().stream().map(TopicDef::name).toList());
        }
        for (var def : Topics.all()) {
            assertThat(cluster.registryClient().lookupId(def.valueSubject(), def.valueSchema())).isPositive();
        }
        assertThat(dir.resolve("models/mnist-cnn/manifest.json")).isRegularFile();
        CliRun again = CliRun.run("init", "--bootstrap", cluster.bootstrapServers(), "--registry", cluster.registryUrl(),
                "--device", deviceId, "--no-models");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains(" created=0 ");
    }

    private static int post(String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
