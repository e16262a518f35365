package org.carbonedge.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.serde.RegistryAvroSerializer;

/**
 * Writes generated Avro values in the Confluent wire format with a UTF-8 string key, to a topic chosen per
 * record, like every other CarbonEdge producer (subject {@code <topic>-value}, auto-registration off: schemas are
 * registered by provisioning). The registry client is created in {@link #open}, as it is not serializable.
 *
 * @param <V> generated Avro type
 */
public final class CatalogRecordSerializer<V extends SpecificRecord> implements KafkaRecordSerializationSchema<V> {

    private static final long serialVersionUID = 1L;

    private final ClientSettings settings;
    private final Class<V> type;
    private final SerializableFunction<V, String> topicOf;
    private final SerializableFunction<V, String> keyOf;
    private transient RegistryAvroSerializer<V> serializer;

    /**
     * @param topicOf topic of a value (constant for catalog topics, per device for task topics)
     * @param keyOf   key of a value; may return null
     */
    public CatalogRecordSerializer(ClientSettings settings, Class<V> type, SerializableFunction<V, String> topicOf,
                                   SerializableFunction<V, String> keyOf) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.type = Objects.requireNonNull(type, "type");
        this.topicOf = Objects.requireNonNull(topicOf, "topicOf");
        this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
    }

    /** Values of {@code topic}, key {@code keyOf(value)}. */
    public static <V extends SpecificRecord> CatalogRecordSerializer<V> forTopic(
            ClientSettings settings, TopicDef<V> topic, SerializableFunction<V, String> keyOf) {
        String name = topic.name();
        return new CatalogRecordSerializer<>(settings, topic.valueType(), v -> name, keyOf);
    }

    /** Tasks to the task topic of the device their plan names for their stage, key requestId. */
    public static CatalogRecordSerializer<PartitionTask> forDeviceTasks(ClientSettings settings) {
        return new CatalogRecordSerializer<>(settings, PartitionTask.class, KafkaSinks::taskTopic,
                PartitionTask::getRequestId);
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        serializer = new RegistryAvroSerializer<>(settings.registryClient(), SpecificData.get().getSchema(type), false);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(V value, KafkaSinkContext context, Long timestamp) {
        String topic = topicOf.apply(value);
        String key = keyOf.apply(value);
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, timestamp, keyBytes, serializer.serialize(topic, value));
    }
}
