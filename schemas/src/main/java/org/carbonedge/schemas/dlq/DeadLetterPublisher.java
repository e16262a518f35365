package org.carbonedge.schemas.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;

/**
 * Sends records that a service cannot use to {@code carbonedge.dead-letter}, whole (raw key and value bytes)
 * with the reason and where they came from, so bad input is never silently dropped and can be replayed once
 * fixed. {@link #publish} waits for the broker's acknowledgement: callers commit the source offset only after.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Producer<String, DeadLetter> producer;
    private final String topicName;
    private final String service;
    private final Clock clock;

    public DeadLetterPublisher(Producer<String, DeadLetter> producer, String service, Clock clock) {
        this.producer = producer;
        this.topicName = Topics.DEAD_LETTER.name();
        this.service = service;
        this.clock = clock;
    }

    /** A publisher with its own producer. */
    public static DeadLetterPublisher create(ClientSettings settings, TopicCatalog catalog, String service) {
        Topic<DeadLetter> topic = catalog.topic(Topics.DEAD_LETTER);
        Producer<String, DeadLetter> producer = new KafkaProducer<>(settings.producer("carbonedge-dlq-" + service),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
        return new DeadLetterPublisher(producer, service, Clock.systemUTC());
    }

    /** Dead-letters a record read from Kafka. */
    public void publish(ConsumerRecord<byte[], byte[]> source, String reason, Throwable error) {
        publish(source.topic(), source.partition(), source.offset(), source.key(), source.value(), reason, error);
    }

    /** Dead-letters anything, with its origin (partition and offset -1 when it did not come from Kafka). */
    public void publish(String sourceTopic, int partition, long offset, byte[] key, byte[] value,
                        String reason, Throwable error) {
        DeadLetter letter = DeadLetterRecords.of(sourceTopic, partition, offset, key, value, reason, error, service,
                clock.instant());
        String dlqKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topicName, dlqKey, letter)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while dead-lettering a record from " + sourceTopic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not dead-letter a record from " + sourceTopic + "@" + partition + ":"
                    + offset + " (" + reason + ")", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
