package org.carbonedge.jobs.kafka;

import java.util.Properties;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.HeldRequest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;

/**
 * Flink Kafka sinks for catalog topics, built with {@link ClientSettings#producer} (TLS/SASL overrides apply) and
 * a {@link Delivery} guarantee. Every EXACTLY_ONCE sink of one job needs its own transactional-id prefix: use
 * {@link Delivery#forSink}.
 */
public final class KafkaSinks {

    private KafkaSinks() {
    }

    /** A sink writing {@code topic} with key {@code keyOf(value)}. */
    public static <V extends SpecificRecord> KafkaSink<V> toTopic(ClientSettings settings, TopicDef<V> topic,
                                                                  SerializableFunction<V, String> keyOf,
                                                                  Delivery delivery) {
        return build(settings, CatalogRecordSerializer.forTopic(settings, topic, keyOf), delivery, topic.name(), false);
    }

    /** Emission records to {@code carbonedge.emissions}, key requestId. */
    public static KafkaSink<EmissionRecord> emissions(ClientSettings settings, Delivery delivery) {
        return toTopic(settings, Topics.EMISSIONS, EmissionRecord::getRequestId, delivery);
    }

    /** The router's REJECTED records to {@code carbonedge.rejections}, key requestId (the emissions job accounts them). */
    public static KafkaSink<EmissionRecord> rejections(ClientSettings settings, Delivery delivery) {
        return toTopic(settings, Topics.REJECTIONS, EmissionRecord::getRequestId, delivery);
    }

    /** The router's notices of held requests to {@code carbonedge.held-requests}, key requestId. */
    public static KafkaSink<HeldRequest> heldRequests(ClientSettings settings, Delivery delivery) {
        return toTopic(settings, Topics.HELD_REQUESTS, HeldRequest::getRequestId, delivery);
    }

    /** Dead letters to {@code carbonedge.dead-letter}, keyed by their source key. */
    public static KafkaSink<DeadLetter> deadLetters(ClientSettings settings, Delivery delivery) {
        return toTopic(settings, Topics.DEAD_LETTER, DeadLetters::keyOf, delivery);
    }

    /**
     * Partition tasks to {@code carbonedge.tasks.<deviceId>} of the device the task's plan names for its stage,
     * key requestId. The device's topic must exist with its schema registered (executors provision their own).
     * Without the producer's linger ({@link ClientSettings#producerAtOnce}): every inference waits for its task.
     */
    public static KafkaSink<PartitionTask> toDeviceTasks(ClientSettings settings, Delivery delivery) {
        return build(settings, CatalogRecordSerializer.forDeviceTasks(settings), delivery, "tasks", true);
    }

    /** The task topic of the device {@code task}'s plan assigns its stage to. */
    public static String taskTopic(PartitionTask task) {
        int stage = task.getStageIndex();
        var stages = task.getPlan().getStages();
        if (stage < 0 || stage >= stages.size()) {
            throw new IllegalArgumentException("task of " + task.getRequestId() + " is for stage " + stage
                    + " of a plan with " + stages.size() + " stages");
        }
        return Topics.tasks(stages.get(stage).getDeviceId()).name();
    }

    private static <V extends SpecificRecord> KafkaSink<V> build(ClientSettings settings,
                                                                 CatalogRecordSerializer<V> serializer,
                                                                 Delivery delivery, String what, boolean atOnce) {
        String clientId = delivery.transactionalIdPrefix() == null ? "carbonedge-sink-" + what
                : delivery.transactionalIdPrefix();
        Properties props = KafkaSources.asProperties(atOnce ? settings.producerAtOnce(clientId)
                : settings.producer(clientId));
        props.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(delivery.transactionTimeout().toMillis()));
        KafkaSinkBuilder<V> builder = KafkaSink.<V>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(delivery.guarantee());
        if (delivery.exactlyOnce()) {
            builder.setTransactionalIdPrefix(delivery.transactionalIdPrefix());
        }
        return builder.build();
    }
}
