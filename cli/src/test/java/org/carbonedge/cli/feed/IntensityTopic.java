package org.carbonedge.cli.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;

/** Reads {@code carbonedge.grid-intensity} of a test platform back, from a given offset to its end. */
final class IntensityTopic {
    private static final TopicPartition PARTITION = new TopicPartition(Topics.GRID_INTENSITY.name(), 0);

    private final EmbeddedPlatform platform;

    IntensityTopic(EmbeddedPlatform platform) {
        this.platform = platform;
    }

    /**
     * Makes sure time retention is off on the test topic, whatever the topic catalog says: with retention by event
     * time, the broker deletes a historical (2023) replay at its first retention check, 30 s after start, and
     * reading it back would race with that.
     */
    void keepHistory() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.GRID_INTENSITY.name());
        try (Admin admin = Admin.create(platform.settings().admin())) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET)))).all().get();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    "-1".equals(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("retention.ms").value()));
        }
    }

    long endOffset() {
        try (KafkaConsumer<String, GridIntensity> consumer = consumer()) {
            return consumer.endOffsets(List.of(PARTITION)).get(PARTITION);
        }
    }

    List<ConsumerRecord<String, GridIntensity>> readFrom(long offset) {
        List<ConsumerRecord<String, GridIntensity>> out = new ArrayList<>();
        try (KafkaConsumer<String, GridIntensity> consumer = consumer()) {
            consumer.assign(List.of(PARTITION));
            consumer.seek(PARTITION, offset);
            long end = consumer.endOffsets(List.of(PARTITION)).get(PARTITION);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private KafkaConsumer<String, GridIntensity> consumer() {
        Topic<GridIntensity> topic = platform.catalog().topic(Topics.GRID_INTENSITY);
        return new KafkaConsumer<>(platform.settings().consumer("cli-feed-test-reader"), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }
}
