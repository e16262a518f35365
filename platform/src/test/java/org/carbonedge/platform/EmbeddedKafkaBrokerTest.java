package org.carbonedge.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void recordsAndTopicsSurviveARestartOverTheSameDirectory() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "v")).get();
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("t");
            }
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.GROUP_ID_CONFIG, "g"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Set.of("t"));
                var values = new java.util.ArrayList<String>();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                    return !values.isEmpty();
                });
                assertThat(values).containsExactly("v");
            }
        }
    }

    @Test
    void aPickedPortTakenBeforeTheBrokerBindsItIsReplacedByAnother() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // the first client port picked is already bound by someone else, as when another socket got it first
            java.util.Deque<Integer> picks = new java.util.ArrayDeque<>(List.of(taken.getLocalPort()));
            int[] picked = {0};
            java.util.function.IntSupplier ports = () -> {
                picked[0]++;
                if (!picks.isEmpty()) {
                    return picks.pop();
                }
                try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                    return s.getLocalPort();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0, ports)) {
                assertThat(broker.bootstrapServers()).doesNotEndWith(":" + taken.getLocalPort());
                assertThat(picked[0]).as("two ports per attempt, two attempts").isEqualTo(4);
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                    assertThat(admin.describeCluster().nodes().get()).hasSize(1);
                }
            }
        }
    }

    @Test
    void aFixedPortThatIsTakenFailsAfterTheAttemptsWithTheReason() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }
}
