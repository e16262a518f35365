package org.carbonedge.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.ConfluentWireFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every record type goes producer → real broker → consumer through the registry serdes and comes back equal. */
class RecordRoundTripTest {

    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start(dataDir, 0, 0);
        platform.provision(List.of(Topics.tasks("edge-high")));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyRecordTypeRoundTripsInTheConfluentWireFormat() throws Exception {
        TopicCatalog catalog = platform.catalog();
        for (Map.Entry<TopicDef<?>, SpecificRecord> e : SampleRecords.all().entrySet()) {
            SpecificRecord sent = e.getValue();
            ConsumerRecord<String, SpecificRecord> received = roundTrip(catalog, e.getKey(), sent);
            assertThat(received.value()).as(e.getKey().name()).isEqualTo(sent);
            assertThat(received.key()).isEqualTo("key-" + e.getKey().name());
        }
    }

    @Test
    void valuesCarryTheIdOfTheSchemaRegisteredUnderTheTopicSubject() throws Exception {
        TopicCatalog catalog = platform.catalog();
        Topic<?> topic = catalog.topic(Topics.GRID_INTENSITY);
        byte[] framed = serialize(topic, SampleRecords.intensity());
        int id = ConfluentWireFormat.readSchemaId(framed);
        assertThat(catalog.registry().lookupId(Topics.GRID_INTENSITY.valueSubject(), Topics.GRID_INTENSITY.valueSchema()))
                .isEqualTo(id);
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> byte[] serialize(Topic<V> topic, SpecificRecord value) {
        return topic.valueSerde().serializer().serialize(topic.name(), (V) value);
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> ConsumerRecord<String, SpecificRecord> roundTrip(
            TopicCatalog catalog, TopicDef<V> def, SpecificRecord value) throws Exception {
        Topic<V> topic = catalog.topic(def);
        try (var producer = new KafkaProducer<>(platform.settings().producer("rt"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), "key-" + topic.name(), (V) value)).get();
        }
        try (var consumer = new KafkaConsumer<>(platform.settings().consumer("rt-" + topic.name()),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            List<ConsumerRecord<String, V>> got = new ArrayList<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(got::add);
                return !got.isEmpty();
            });
            return (ConsumerRecord<String, SpecificRecord>) (ConsumerRecord<?, ?>) got.get(0);
        }
    }
}
