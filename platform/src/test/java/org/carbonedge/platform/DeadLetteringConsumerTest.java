package org.carbonedge.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.dlq.DeadLetterPublisher;
import org.carbonedge.schemas.dlq.DeadLetteringConsumer;
import org.carbonedge.schemas.serde.FuzzTally;
import org.carbonedge.schemas.serde.HostileRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed bytes do not stop a catalog consumer: they land on the dead-letter topic with reason and origin. */
class DeadLetteringConsumerTest {

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
    void malformedRecordsAreDeadLetteredAndGoodOnesStillArrive() throws Exception {
        TopicCatalog catalog = platform.catalog();
        Topic<InferenceRequest> requests = catalog.topic(Topics.REQUESTS);
        byte[] good = requests.valueSerde().serializer().serialize(requests.name(), SampleRecords.request());
        byte[] wrongMagic = "{\"json\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchemaId = {0, 0, 0, 0x7f, 0x7f, 1, 2, 3};
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);

        List<RecordMetadata> sent = new ArrayList<>();
        try (var producer = new KafkaProducer<>(platform.settings().producer("raw"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : List.of(wrongMagic, unknownSchemaId, truncated, good)) {
                // one partition key so offsets are in send order
                sent.add(producer.send(new ProducerRecord<>(requests.name(), "k".getBytes(), value)).get());
            }
        }

        List<ConsumerRecord<String, InferenceRequest>> decoded = new ArrayList<>();
        try (DeadLetterPublisher dlq = DeadLetterPublisher.create(platform.settings(), catalog, "test");
             var consumer = DeadLetteringConsumer.subscribe(platform.settings(), "dlq-test", requests, dlq)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                decoded.addAll(consumer.poll(Duration.ofMillis(100)));
                return !decoded.isEmpty();
            });
            consumer.commitSync();
            assertThat(consumer.deadLettered()).isEqualTo(3);
        }
        assertThat(decoded).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo(SampleRecords.request());
            assertThat(r.offset()).isEqualTo(sent.get(3).offset());
        });

        List<DeadLetter> letters = readDeadLetters(catalog, requests.name(), 3);
        assertThat(letters).extracting(DeadLetter::getSourceOffset)
                .containsExactly(sent.get(0).offset(), sent.get(1).offset(), sent.get(2).offset());
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.getSourceTopic()).isEqualTo(Topics.REQUESTS.name());
            assertThat(l.getSourcePartition()).isEqualTo(sent.get(0).partition());
            assertThat(l.getService()).isEqualTo("test");
        });
        assertThat(letters.get(0).getReason()).contains("magic byte");
        assertThat(letters.get(1).getReason()).contains("schema id");
        assertThat(letters.get(2).getReason()).contains("InferenceRequest");
        assertThat(letters.get(0).getValue().array()).isEqualTo(wrongMagic);
    }

    @Test
    void hostileAndMutatedRecordsAreDecodedOrDeadLetteredWithAReasonAndTheConsumerGoesOn() throws Exception {
        TopicCatalog catalog = platform.catalog();
        Topic<GridIntensity> topic = catalog.topic(Topics.GRID_INTENSITY);
        byte[] good = topic.valueSerde().serializer().serialize(topic.name(), SampleRecords.intensity());
        int schemaId = java.nio.ByteBuffer.wrap(good, 1, 4).getInt();
        HostileRecords hostile = new HostileRecords(new Random(20261207L));
        List<byte[]> values = new ArrayList<>(List.of(HostileRecords.claiming2GiB(schemaId)));
        for (int i = 0; i < 200; i++) {
            values.add(hostile.mutate(good));
        }
        values.add(good);
        try (var producer = new KafkaProducer<>(platform.settings().producer("fuzz"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic.name(), "k".getBytes(), value));
            }
            producer.flush();
        }

        FuzzTally tally = new FuzzTally("DeadLetteringConsumer on the broker");
        try (DeadLetterPublisher dlq = DeadLetterPublisher.create(platform.settings(), catalog, "fuzz");
             var consumer = DeadLetteringConsumer.subscribe(platform.settings(), "dlq-fuzz", topic, dlq)) {
            List<ConsumerRecord<String, GridIntensity>> decoded = new ArrayList<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                decoded.addAll(consumer.poll(Duration.ofMillis(100)));
                return decoded.size() + consumer.deadLettered() == values.size();
            });
            consumer.commitSync();
            decoded.forEach(r -> tally.decoded());
            assertThat(decoded.get(decoded.size() - 1).value()).isEqualTo(SampleRecords.intensity());
        }
        List<DeadLetter> letters = readDeadLetters(catalog, topic.name(), values.size() - (int) tally.decodedCount());
        letters.forEach(l -> tally.rejected(l.getReason()));
        System.out.println(tally.summary());
        assertThat(tally.records()).isEqualTo(values.size());
        assertThat(tally.escapedCount()).isZero();
        assertThat(letters.get(0).getReason()).contains("claims 2147483639");
        assertThat(letters.get(0).getValue().array()).isEqualTo(values.get(0));
    }

    /** The dead letters of records from {@code sourceTopic}, once there are {@code expected} of them. */
    private static List<DeadLetter> readDeadLetters(TopicCatalog catalog, String sourceTopic, int expected) {
        Topic<DeadLetter> dlq = catalog.topic(Topics.DEAD_LETTER);
        List<DeadLetter> letters = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(platform.settings().consumer("dlq-reader"),
                dlq.keySerde().deserializer(), dlq.valueSerde().deserializer())) {
            consumer.subscribe(List.of(dlq.name()));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.value().getSourceTopic().equals(sourceTopic)) {
                        letters.add(r.value());
                    }
                });
                return letters.size() >= expected;
            });
        }
        return letters;
    }
}
