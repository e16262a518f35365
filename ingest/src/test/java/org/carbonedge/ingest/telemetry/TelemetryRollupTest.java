package org.carbonedge.ingest.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.DeviceTelemetry;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telemetry → device-state through a real broker: states appear, silent devices go DOWN, garbage is dead-lettered. */
class TelemetryRollupTest {

    @TempDir
    Path dir;

    @Test
    void heartbeatsBecomeDeviceStatesAndSilenceBecomesDown() throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
             TelemetryRollup rollup = new TelemetryRollup(platform.settings(), platform.catalog(),
                     Duration.ofMillis(200), 3, dir.resolve("streams"), Clock.systemUTC())) {
            rollup.start();
            Topic<DeviceTelemetry> telemetry = platform.catalog().topic(Topics.TELEMETRY);
            RecordMetadata garbage;
            try (var producer = new KafkaProducer<>(platform.settings().producer("t"),
                    telemetry.keySerde().serializer(), telemetry.valueSerde().serializer());
                 var raw = new KafkaProducer<>(platform.settings().producer("raw"), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(telemetry.name(), "edge-a", Heartbeats.of("edge-a", Instant.now(), 0.4, 1))).get();
                garbage = raw.send(new ProducerRecord<>(telemetry.name(), "edge-x", new byte[]{9, 9, 9})).get();
            }
            Map<String, List<DeviceStatus>> seen = new ConcurrentHashMap<>();
            Topic<DeviceState> states = platform.catalog().topic(Topics.DEVICE_STATE);
            try (var consumer = new KafkaConsumer<>(platform.settings().consumer("check"),
                    states.keySerde().deserializer(), states.valueSerde().deserializer())) {
                consumer.subscribe(List.of(states.name()));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(r ->
                            seen.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().getStatus()));
                    return seen.getOrDefault("edge-a", List.of()).contains(DeviceStatus.DOWN);
                });
            }
            assertThat(seen.get("edge-a")).containsExactly(DeviceStatus.UP, DeviceStatus.DOWN);

            Topic<DeadLetter> dlq = platform.catalog().topic(Topics.DEAD_LETTER);
            List<DeadLetter> letters = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(platform.settings().consumer("dlq"),
                    dlq.keySerde().deserializer(), dlq.valueSerde().deserializer())) {
                consumer.subscribe(List.of(dlq.name()));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> letters.add(r.value()));
                    return !letters.isEmpty();
                });
            }
            assertThat(letters).singleElement().satisfies(l -> {
                assertThat(l.getSourceTopic()).isEqualTo(Topics.TELEMETRY.name());
                assertThat(l.getSourcePartition()).isEqualTo(garbage.partition());
                assertThat(l.getSourceOffset()).isEqualTo(garbage.offset());
                assertThat(l.getReason()).contains("too short for the Confluent wire format");
                assertThat(l.getService()).isEqualTo("carbonedge-telemetry-rollup");
            });
        }
    }
}
