package org.carbonedge.feed.sdkapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.common.Health;
import org.carbonedge.common.http.HttpListenerSettings;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.platform.EmbeddedPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records published to carbonedge.grid-intensity on the embedded broker come out of the SDK endpoints. */
class SdkApiEndToEndTest {

    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start(dataDir, 0, 0);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static GridIntensity record(String zone, Instant from, double value, IntensityKind kind, Instant publishedAt) {
        return GridIntensity.newBuilder().setZone(zone).setValidFrom(from).setValidTo(from.plus(1, ChronoUnit.HOURS))
                .setGco2PerKwh(value).setSignal(SignalType.AVERAGE).setKind(kind).setSource("sdk-api-test")
                .setPublishedAt(publishedAt).build();
    }

    @Test
    void publishedIntensityIsServedAndChecksAgainstTheExcerpt() throws Exception {
        // recent and coming hours: the topic's retention goes by event time
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (KafkaIntensitySink sink = KafkaIntensitySink.open(platform.settings(), "sdk-api-e2e", ProducerTuning.BULK)) {
            for (int i = 3; i >= 1; i--) {
                sink.accept(record("E2E-A", hour.minus(i, ChronoUnit.HOURS), 100.0 * i, IntensityKind.MEASURED, null));
            }
            sink.accept(record("E2E-A", hour, 80, IntensityKind.MEASURED, null));
            for (int i = 1; i <= 6; i++) {
                sink.accept(record("E2E-A", hour.plus(i, ChronoUnit.HOURS), i == 4 ? 10 : 200, IntensityKind.FORECAST, hour));
            }
            sink.flush();
        }
        OpenApiExcerpt spec = OpenApiExcerpt.load();
        HttpClient client = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        try (SdkApiService service = new SdkApiService(platform.settings(), platform.catalog(),
                HttpListenerSettings.loopback(0), IntensityStore.defaults(), Clock.systemUTC(), Duration.ofSeconds(30))) {
            service.start();
            assertThat(service.url()).startsWith("http://127.0.0.1:");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> service.health().state() == Health.State.UP
                    && service.store().currentForecast("E2E-A").map(f -> f.points().size() == 6).orElse(false));

            String path = "/emissions/forecasts/current";
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(service.url() + path
                    + "?location=E2E-A&windowSize=60")).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = json.readTree(r.body());
            assertThat(spec.check(path, r.statusCode(), body, true)).as(r.body()).isEmpty();
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode optimal = body.get(0).get("optimalDataPoints").get(0);
            assertThat(optimal.get("timestamp").asText()).isEqualTo(hour.plus(4, ChronoUnit.HOURS).toString());
            assertThat(optimal.get("value").asDouble()).isEqualTo(10.0);

            path = "/emissions/average-carbon-intensity";
            r = client.send(HttpRequest.newBuilder(URI.create(service.url() + path + "?location=E2E-A&startTime="
                    + hour.minus(3, ChronoUnit.HOURS) + "&endTime=" + hour.minus(1, ChronoUnit.HOURS))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            body = json.readTree(r.body());
            assertThat(spec.check(path, r.statusCode(), body, true)).as(r.body()).isEmpty();
            assertThat(body.get("carbonIntensity").asDouble()).isEqualTo(250.0);
        }
    }

    @Test
    void aMissingTopicFailsTheStartInOneLine() {
        var settings = platform.settings().with("127.0.0.1:1", platform.registryUrl());
        SdkApiService service = new SdkApiService(settings, platform.catalog(), HttpListenerSettings.loopback(0),
                IntensityStore.defaults(), Clock.systemUTC(), Duration.ofSeconds(2));
        assertThatThrownBy(service::start).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot follow carbonedge.grid-intensity on Kafka at 127.0.0.1:1");
        service.close();
    }
}
