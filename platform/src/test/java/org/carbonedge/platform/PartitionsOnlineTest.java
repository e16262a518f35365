package org.carbonedge.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carbonedge.schemas.PartitionsOnline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PartitionsOnline} on a real broker: once it returns, every partition of topics created a moment before
 * takes a produce request at the first attempt (the producer here never retries, so a partition its leader does
 * not serve yet fails the test); a topic that does not exist is reported by name after the timeout.
 */
class PartitionsOnlineTest {

    @TempDir
    static Path dataDir;

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(dataDir, 0);
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void everyPartitionOfNewTopicsTakesAProduceAtTheFirstAttempt() throws Exception {
        List<String> topics = List.of("online-a", "online-b", "online-c");
        int partitions = 8;
        admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();

        PartitionsOnline.await(admin, topics, Duration.ofSeconds(60));

        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String topic : topics) {
                for (int p = 0; p < partitions; p++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, p, "k", "v")));
                }
            }
            for (Future<RecordMetadata> f : sent) {
                assertThat(f.get(30, TimeUnit.SECONDS).offset()).isZero();
            }
        }
    }

    @Test
    void aTopicThatDoesNotExistIsNamedAfterTheTimeout() {
        assertThatThrownBy(() -> PartitionsOnline.await(admin, List.of("no-such-topic"), Duration.ofSeconds(2)))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("no-such-topic");
    }

    @Test
    void nothingToWaitForReturnsAtOnce() {
        PartitionsOnline.await(admin, List.of(), Duration.ZERO);
    }
}
