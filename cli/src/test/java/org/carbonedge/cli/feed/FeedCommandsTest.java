package org.carbonedge.cli.feed;

import org.carbonedge.lab.SharedGrid;
import org.carbonedge.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.feed.demo.DemoProfiles;
import org.carbonedge.platform.EmbeddedPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code feed demo}, {@code feed live} (against a loopback server in each API's shape) and {@code bench replay}. */
class FeedCommandsTest {
    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;
    static IntensityTopic topic;

    private HttpServer api;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();

    private record Answer(int status, String body) {
    }

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dataDir, 0, 0);
        topic = new IntensityTopic(platform);
        topic.keepHistory();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void startApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", exchange -> {
            synchronized (requests) {
                requests.add(exchange.getRequestURI().getPath() + " auth-token=" + exchange.getRequestHeaders().getFirst("auth-token"));
            }
            Answer a = answers.getOrDefault(exchange.getRequestURI().getPath(), new Answer(404, "{\"message\":\"not found\"}"));
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.stop(0);
    }

    private String apiBase() {
        return "http://127.0.0.1:" + api.getAddress().getPort() + "/";
    }

    private static String[] args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap", platform.bootstrapServers(), "--registry", platform.registryUrl()));
        return all.toArray(new String[0]);
    }

    @Test
    void demoRangePublishesTheProfilesOfEachHourForEveryZoneAndAlias() {
        long before = topic.endOffset();

        CliRun run = CliRun.run(args("feed", "demo", "--from", "2024-01-01T00:00:00Z", "--to", "2024-01-02T00:00:00Z",
                "--zones", "DE,FR", "--zone-alias", "edge-berlin=DE"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines()).singleElement().asString().startsWith("replayed records=72 zones=3 ");
        List<ConsumerRecord<String, GridIntensity>> read = topic.readFrom(before);
        assertThat(read).hasSize(72);
        for (ConsumerRecord<String, GridIntensity> r : read) {
            GridIntensity v = r.value();
            String profileZone = v.getZone().equals("edge-berlin") ? "DE" : v.getZone();
            int hour = v.getValidFrom().atZone(java.time.ZoneOffset.UTC).getHour();
            assertThat(v.getGco2PerKwh()).isEqualTo(DemoProfiles.gco2PerKwh(profileZone, hour));
            assertThat(v.getKind()).isEqualTo(IntensityKind.ESTIMATED);
            assertThat(r.timestamp()).isEqualTo(v.getValidFrom().toEpochMilli());
        }
    }

    @Test
    void demoInRealTimePublishesTheCurrentUtcHour() {
        long before = topic.endOffset();
        Instant hourBefore = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);

        CliRun run = CliRun.run(args("feed", "demo", "--zones", "NO", "--hours", "1", "--metrics-port", "0"));

        Instant hourAfter = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines()).containsExactly("demo records=1");
        assertThat(run.err()).containsPattern("metrics=http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics");
        assertThat(topic.readFrom(before)).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("NO");
            assertThat(r.value().getValidFrom()).isIn(hourBefore, hourAfter);
            assertThat(r.value().getValidTo()).isEqualTo(r.value().getValidFrom().plusSeconds(3600));
        });
    }

    @Test
    void liveUkPollPublishesTheApiAnswerWithForecastsMarked() {
        answers.put("/intensity", new Answer(200, "{\"data\":[{\"from\":\"2024-05-01T12:00Z\",\"to\":\"2024-05-01T12:30Z\","
                + "\"intensity\":{\"forecast\":120,\"actual\":118,\"index\":\"moderate\"}}]}"));
        answers.put("/regional/regionid/13", new Answer(200, "{\"data\":[{\"regionid\":13,\"dnoregion\":\"UKPN London\","
                + "\"shortname\":\"London\",\"data\":[{\"from\":\"2024-05-01T12:00Z\",\"to\":\"2024-05-01T12:30Z\","
                + "\"intensity\":{\"forecast\":181,\"index\":\"moderate\"},\"generationmix\":[]}]}]}"));
        long before = topic.endOffset();

        CliRun run = CliRun.run(args("feed", "live", "--source", "uk", "--region", "13", "--base-url", apiBase(), "--once"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines()).containsExactly("live source=uk published=1");
        List<ConsumerRecord<String, GridIntensity>> read = topic.readFrom(before);
        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("GB-REGION-13");
            assertThat(r.value().getGco2PerKwh()).isEqualTo(181.0);
            assertThat(r.value().getKind()).isEqualTo(IntensityKind.FORECAST);
            assertThat(r.value().getSource()).isEqualTo("neso-api");
            assertThat(r.timestamp()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z").toEpochMilli());
        });
    }

    @Test
    void liveElectricityMapsSendsTheTokenAndARefusedTokenIsOneLineExitOne() {
        answers.put("/v3/carbon-intensity/latest", new Answer(401, "{\"message\":\"invalid auth-token\"}"));

        CliRun run = CliRun.run(args("feed", "live", "--source", "electricitymaps", "--zone", "DE", "--token", "secret-1",
                "--base-url", apiBase() + "v3/", "--once"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("carbonedge feed live: Electricity Maps: 401 Unauthorized")
                .doesNotContain("secret-1");
        synchronized (requests) {
            assertThat(requests).contains("/v3/carbon-intensity/latest auth-token=secret-1");
        }
    }

    @Test
    void liveWithoutCredentialsOrWithABadSourceIsAUsageError() {
        CliRun noToken = CliRun.run("feed", "live", "--source", "electricitymaps", "--zone", "DE", "--token", "");
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.errLines()).singleElement().asString().contains("needs an API token");

        CliRun badSource = CliRun.run("feed", "live", "--source", "nowhere");
        assertThat(badSource.exitCode()).isEqualTo(2);
        assertThat(badSource.errLines()).singleElement().asString().contains("electricitymaps, uk or watttime");
    }

    @Test
    void benchReplaysTheYearOfTenZonesAndEndsWithTheBenchLine() {
        Path data = SharedGrid.electricityMaps();
        long before = topic.endOffset();

        CliRun run = CliRun.run(args("bench", "replay", "--data", data.toString(), "--parse-rounds", "1"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines.get(lines.size() - 1)).matches("bench=replay records=87600 records_per_s=\\d+ parse_rows_per_s=\\d+");
        assertThat(run.out()).contains("acknowledged=87600").contains("delivered: 87600 records");
        assertThat(topic.endOffset() - before).isEqualTo(87_600);
    }

    @Test
    void benchWithoutItsDataIsOneLineExitTwo() {
        CliRun run = CliRun.run("bench", "replay", "--data", dataDir.resolve("absent").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("no such directory");
    }
}
