package org.carbonedge.platform.registry.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry's log in a compacted, single-partition Kafka topic, like Confluent's {@code _schemas}: the
 * platform then needs no database, and whatever backs up or replicates Kafka also covers the schemas.
 *
 * <p>Writes go to partition 0 with {@code acks=all} and idempotence, and {@link #write} waits for every record
 * to be acknowledged before returning. {@link #replay} reads the partition from the beginning up to the end
 * offset seen at start. Single writer: see {@link SchemaStore}.
 */
public final class KafkaSchemaStore implements SchemaStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);

    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;
    private final TopicPartition partition;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * Ensures the topic exists (compacted, one partition) and opens a producer.
     *
     * @param replicationFactor replication of the topic if it has to be created (1 on a one-node broker)
     * @param timeout           bound on topic creation, each write and the replay
     */
    public KafkaSchemaStore(String bootstrapServers, String topic, short replicationFactor, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.timeout = timeout;
        this.partition = new TopicPartition(topic, 0);
        new StoreTopic(bootstrapServers, topic, replicationFactor, timeout).ensureExists();
        this.producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void replay(Consumer<StoreEntry> sink) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            long count = 0;
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new StoreException("timed out after " + timeout + " replaying " + describe()
                            + " (at offset " + consumer.position(partition) + " of " + end + ")");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue; // not ours: every registry record has a key
                    }
                    sink.accept(new StoreEntry(text(r.key()), r.value() == null ? null : text(r.value())));
                    count++;
                }
            }
            LOG.info("Replayed {} schema registry records from {}", count, describe());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StoreException("could not replay " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(List<StoreEntry> entries) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(entries.size());
        try {
            for (StoreEntry e : entries) {
                byte[] value = e.value() == null ? null : e.value().getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(topic, 0, e.key().getBytes(StandardCharsets.UTF_8), value)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new StoreException("could not write to " + describe() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("timed out after " + timeout + " writing to " + describe(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing to " + describe(), e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StoreException("could not write to " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** The topic: the same log whichever broker address reaches it. */
    @Override
    public String identity() {
        return "kafka-topic:" + topic;
    }

    @Override
    public String describe() {
        return "Kafka topic " + topic + " at " + bootstrapServers;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private Map<String, Object> producerConfig() {
        int timeoutMs = (int) timeout.toMillis();
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 10_000),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, 10_000),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.CLIENT_ID_CONFIG, "carbonedge-schema-registry");
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // the fetch pending when replay ends is awaited on close: keep the broker's hold on it short
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                ConsumerConfig.CLIENT_ID_CONFIG, "carbonedge-schema-registry-replay");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
