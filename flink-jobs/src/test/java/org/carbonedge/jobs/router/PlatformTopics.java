package org.carbonedge.jobs.router;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicDef;

/** Typed reads and writes of the embedded platform's topics, for the router's tests on a broker. */
final class PlatformTopics {

    private PlatformTopics() {
    }

    /** A consumer in {@code group} subscribed to {@code def}'s topic. */
    static <V extends SpecificRecord> KafkaConsumer<String, V> reader(EmbeddedPlatform platform, TopicDef<V> def,
                                                                      String group) {
        Topic<V> topic = platform.catalog().topic(def);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(platform.settings().consumer(group),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    /** Writes one record and waits for the broker's acknowledgement. */
    static <V extends SpecificRecord> void send(EmbeddedPlatform platform, TopicDef<V> def, String key, V value)
            throws Exception {
        Topic<V> topic = platform.catalog().topic(def);
        try (var producer = new KafkaProducer<>(platform.settings().producer("router-test-setup"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }
}
