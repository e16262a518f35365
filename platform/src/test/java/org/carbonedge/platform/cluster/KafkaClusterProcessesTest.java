package org.carbonedge.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three KRaft nodes as three processes: a topic gets three replicas and min.insync.replicas 2 by default, so after a
 * kill -9 of its partition leader every acknowledged record is still there and writes go on; the killed node rejoins
 * over its data and catches up.
 */
class KafkaClusterProcessesTest {

    @TempDir
    Path dir;

    @Test
    void oneNodeOfThreeKilledWithSigkillLosesNothingAndRejoins() throws Exception {
        try (KafkaClusterProcesses cluster = KafkaClusterProcesses.start(dir, 3, Duration.ofMinutes(2));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            assertThat(List.of(cluster.pid(1), cluster.pid(2), cluster.pid(3))).doesNotContain(-1L)
                    .doesNotContain(ProcessHandle.current().pid()).doesNotHaveDuplicates();
            admin.createTopics(List.of(new NewTopic("t", 1, (short) -1))).all().get();
            TopicDescription t = admin.describeTopics(List.of("t")).allTopicNames().get().get("t");
            assertThat(t.partitions().get(0).replicas()).as("default replication factor").hasSize(3);
            assertThat(admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "t"))).all().get().values().iterator()
                    .next().get("min.insync.replicas").value()).isEqualTo("2");

            try (KafkaProducer<String, String> producer = producer(cluster)) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("t", "k", "before-" + i)).get();
                }
                int leader = t.partitions().get(0).leader().id();
                cluster.kill(leader);
                assertThat(cluster.pid(leader)).isEqualTo(-1);
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("t", "k", "after-" + i)).get(); // acks=all with 2 of 3 in sync
                }
                cluster.restart(leader);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> admin
                        .describeTopics(List.of("t")).allTopicNames().get().get("t").partitions().get(0).isr().size() == 3);
            }
            assertThat(readAll(cluster)).hasSize(20).contains("before-0", "before-9", "after-0", "after-9");
        }
    }

    private static KafkaProducer<String, String> producer(KafkaClusterProcesses cluster) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(KafkaClusterProcesses cluster) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition p = new TopicPartition("t", 0);
            consumer.assign(Set.of(p));
            consumer.seekToBeginning(Set.of(p));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= 20;
            });
        }
        return values;
    }
}
