package org.carbonedge.feed.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.common.Health;
import org.carbonedge.core.forecast.SeasonalForecaster;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecaster service on the embedded broker: it reads the topic's history without publishing, then forecasts
 * each new hour of a zone without a provider forecast onto the same topic, and leaves a zone with one alone.
 */
class ForecasterServiceTest {

    private static final Instant START = Instant.parse("2023-03-01T00:00:00Z");
    private static final long HOUR = 3_600_000L;

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

    private static GridIntensity hour(String zone, int h, IntensityKind kind, String source, Instant publishedAt) {
        double v = 300 + 100 * Math.sin(2 * Math.PI * (h % 24) / 24.0);
        Instant from = START.plusMillis(h * HOUR);
        return GridIntensity.newBuilder().setZone(zone).setValidFrom(from).setValidTo(from.plusMillis(HOUR))
                .setGco2PerKwh(v).setSignal(SignalType.AVERAGE).setKind(kind).setSource(source)
                .setPublishedAt(publishedAt).build();
    }

    @Test
    void forecastsNewHoursOfZonesWithoutAProviderForecastAfterReadingTheHistory() {
        int days = 21;
        try (KafkaIntensitySink sink = KafkaIntensitySink.open(platform.settings(), "forecaster-test", ProducerTuning.BULK)) {
            for (int h = 0; h < days * 24; h++) {
                sink.accept(hour("FC-A", h, IntensityKind.MEASURED, "test", null));
                sink.accept(hour("FC-P", h, IntensityKind.MEASURED, "test", null));
                sink.accept(hour("FC-P", h + 1, IntensityKind.FORECAST, "provider", START.plusMillis(h * HOUR)));
            }
            sink.flush();
        }
        try (ForecasterService service = new ForecasterService(platform.settings(), platform.catalog(),
                ZoneForecastIssuer.hourly(new SeasonalForecaster(), 100), Duration.ofSeconds(30));
             KafkaConsumer<String, GridIntensity> reader = reader()) {
            service.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> service.health().state() == Health.State.UP);
            assertThat(service.published()).as("history is not forecast again").isZero();

            try (KafkaIntensitySink sink = KafkaIntensitySink.open(platform.settings(), "forecaster-test-live",
                    ProducerTuning.LOW_LATENCY)) {
                sink.accept(hour("FC-A", days * 24, IntensityKind.MEASURED, "test", null));
                sink.accept(hour("FC-P", days * 24, IntensityKind.MEASURED, "test", null));
                sink.flush();
            }
            List<GridIntensity> ours = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, GridIntensity> r : reader.poll(Duration.ofMillis(200))) {
                    if (SeasonalForecaster.SOURCE.equals(r.value().getSource())) {
                        ours.add(r.value());
                    }
                }
                return ours.size() >= 48;
            });
            Instant issuedAt = START.plusMillis((days * 24 + 1) * HOUR);
            assertThat(ours).hasSize(48).allSatisfy(r -> {
                assertThat(r.getZone()).isEqualTo("FC-A");
                assertThat(r.getKind()).isEqualTo(IntensityKind.FORECAST);
                assertThat(r.getPublishedAt()).isEqualTo(issuedAt);
            });
            assertThat(service.published()).isEqualTo(48);
        }
    }

    private static KafkaConsumer<String, GridIntensity> reader() {
        Topic<GridIntensity> topic = platform.catalog().topic(Topics.GRID_INTENSITY);
        KafkaConsumer<String, GridIntensity> c = new KafkaConsumer<>(platform.settings().consumer("forecaster-reader"),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        c.subscribe(List.of(topic.name()));
        return c;
    }
}
