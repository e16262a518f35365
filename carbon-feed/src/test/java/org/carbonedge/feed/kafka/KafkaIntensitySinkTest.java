package org.carbonedge.feed.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.demo.DemoFeed;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid-intensity sink against the real embedded broker and registry. */
class KafkaIntensitySinkTest {
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

    @Test
    void flushReturnsOnlyWhenEveryRecordIsOnTheTopicKeyedByZoneAtEventTime() {
        long before = endOffset();
        List<GridIntensity> records = DemoFeed.records(List.of("DE", "FR", "NO"),
                Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-08T00:00:00Z"));
        try (KafkaIntensitySink sink = KafkaIntensitySink.open(platform.settings(), "sink-test", ProducerTuning.BULK)) {
            records.forEach(sink::accept);
            sink.flush();
            // no polling: after flush the broker has every record
            assertThat(endOffset() - before).isEqualTo(records.size());
            assertThat(sink.acknowledged()).isEqualTo(records.size());
            assertThat(sink.sent()).isEqualTo(records.size());
            assertThat(sink.failed()).isZero();
        }
        List<ConsumerRecord<String, GridIntensity>> read = readFrom(before);
        assertThat(read).hasSize(records.size());
        Map<String, Instant> lastByZone = new HashMap<>();
        for (int i = 0; i < read.size(); i++) {
            ConsumerRecord<String, GridIntensity> r = read.get(i);
            assertThat(r.value()).isEqualTo(records.get(i));
            assertThat(r.key()).isEqualTo(r.value().getZone());
            assertThat(r.timestamp()).isEqualTo(r.value().getValidFrom().toEpochMilli());
            Instant previous = lastByZone.put(r.key(), r.value().getValidFrom());
            assertThat(previous == null || previous.isBefore(r.value().getValidFrom())).isTrue();
        }
    }

    @Test
    void anEventTimeTooFarAheadIsRefusedAtFlushWithTheBrokerSettingNamedAndTheSinkStaysFailed() throws Exception {
        // a topic with Kafka's default limit (the catalog allows a year ahead): at most 1 h ahead of the broker's clock
        setTopicConfig("message.timestamp.after.max.ms", "3600000");
        Instant thisHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant nextWeek = thisHour.plus(7, ChronoUnit.DAYS);
        KafkaIntensitySink sink = KafkaIntensitySink.open(platform.settings(), "sink-test-future", ProducerTuning.BULK);
        // one batch: the broker refuses all of it, and the record with the bad timestamp names the reason
        sink.accept(DemoFeed.records(List.of("DE"), thisHour, thisHour.plus(1, ChronoUnit.HOURS)).get(0));
        sink.accept(DemoFeed.records(List.of("DE"), nextWeek, nextWeek.plus(1, ChronoUnit.HOURS)).get(0));
        assertThatThrownBy(sink::flush).isInstanceOf(FeedException.class)
                .hasMessageContaining("did not acknowledge 2 record(s)")
                .hasMessageContaining("is out of range")
                .hasMessageContaining("message.timestamp.after.max.ms")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(sink.failed()).isEqualTo(2);
        GridIntensity fine = DemoFeed.records(List.of("DE"), Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-01T01:00:00Z")).get(0);
        assertThatThrownBy(() -> sink.accept(fine)).isInstanceOf(FeedException.class);
        sink.close(); // returns at once after a failure
    }

    @Test
    void anUnreachableBrokerIsOneLineAfterTheMaxBlockTime() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClientSettings nowhere = platform.settings().with("127.0.0.1:" + closedPort, platform.registryUrl());
        long start = System.nanoTime();
        assertThatThrownBy(() -> KafkaIntensitySink.open(nowhere, "sink-test-nowhere",
                ProducerTuning.LOW_LATENCY.withMaxBlock(Duration.ofSeconds(1))))
                .isInstanceOf(FeedException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("carbonedge.grid-intensity not found within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aRegistryWithoutTheSchemaIsReportedBeforeAnythingIsSent() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClientSettings noRegistry = platform.settings().with(platform.bootstrapServers(), "http://127.0.0.1:" + closedPort);
        assertThatThrownBy(() -> KafkaIntensitySink.open(noRegistry, "sink-test-noreg", ProducerTuning.LOW_LATENCY))
                .isInstanceOf(FeedException.class)
                .hasMessageStartingWith("schema registry: cannot use the schema of carbonedge.grid-intensity");
    }

    @Test
    void userSettingsWinOverTheTuning() {
        Map<String, Object> config = ProducerTuning.BULK.applyTo(Map.of("linger.ms", 1),
                Map.of("compression.type", "zstd"));
        assertThat(config).containsEntry("linger.ms", 20).containsEntry("batch.size", 262_144)
                .doesNotContainKey("compression.type");
    }

    private static void setTopicConfig(String key, String value) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.GRID_INTENSITY.name());
        try (Admin admin = Admin.create(platform.settings().admin())) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry(key, value),
                    AlterConfigOp.OpType.SET)))).all().get();
            // the controller has committed the change; wait until the broker applies it
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    value.equals(admin.describeConfigs(List.of(topic)).all().get().get(topic).get(key).value()));
        }
    }

    private static long endOffset() {
        try (KafkaConsumer<String, GridIntensity> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(Topics.GRID_INTENSITY.name(), 0);
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static List<ConsumerRecord<String, GridIntensity>> readFrom(long offset) {
        List<ConsumerRecord<String, GridIntensity>> out = new ArrayList<>();
        try (KafkaConsumer<String, GridIntensity> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(Topics.GRID_INTENSITY.name(), 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                ConsumerRecords<String, GridIntensity> batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(out::add);
            }
        }
        return out;
    }

    private static KafkaConsumer<String, GridIntensity> consumer() {
        Topic<GridIntensity> topic = platform.catalog().topic(Topics.GRID_INTENSITY);
        return new KafkaConsumer<>(platform.settings().consumer("sink-test-reader"), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }
}
