package org.carbonedge.jobs.emissions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.jobs.kafka.DeadLetters;
import org.carbonedge.jobs.kafka.RawRecord;
import org.carbonedge.schemas.serde.RegistryAvroDeserializer;

/**
 * Carries out re-dispatch orders: reads the original task back from its Kafka position (the emissions job keeps
 * positions, not tensors), and emits it under the order's plan and attempt for the new device's task topic. A task
 * that can no longer be read (deleted by retention, unreadable) becomes a dead letter with the reason; its request
 * then ends FAILED when the re-armed timer fires, as for any stage that never reports. Re-dispatch is rare, so
 * the blocking read (one seek, one poll) is acceptable here, off the accounting path.
 */
public final class TaskRefetchFunction extends ProcessFunction<RedispatchOrder, PartitionTask>
        implements ResultTypeQueryable<PartitionTask> {

    private static final long serialVersionUID = 1L;
    /** Longest a task is looked for. */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final ClientSettings settings;
    private final String service;

    private transient KafkaConsumer<byte[], byte[]> consumer;
    private transient RegistryAvroDeserializer<PartitionTask> deserializer;

    public TaskRefetchFunction(ClientSettings settings, String service) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public void open(OpenContext openContext) {
        Map<String, Object> config = settings.consumer("unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, never subscribed: no group, nothing committed
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deserializer = new RegistryAvroDeserializer<>(settings.registryClient(), PartitionTask.class,
                PartitionTask.getClassSchema());
    }

    @Override
    public void processElement(RedispatchOrder order, Context ctx, Collector<PartitionTask> out) {
        ConsumerRecord<byte[], byte[]> record;
        try {
            record = fetch(order);
        } catch (RuntimeException e) {
            deadLetter(ctx, order, "cannot read the task to re-dispatch at " + order.origin() + ": " + e, null);
            return;
        }
        if (record == null) {
            deadLetter(ctx, order, "the task to re-dispatch is no longer at " + order.origin()
                    + " (retention?) after " + FETCH_TIMEOUT.toSeconds() + " s", null);
            return;
        }
        PartitionTask original;
        try {
            original = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            deadLetter(ctx, order, "cannot decode the task to re-dispatch at " + order.origin() + ": " + e.getMessage(), record);
            return;
        }
        if (!original.getRequestId().equals(order.requestId) || original.getStageIndex() != order.stageIndex) {
            deadLetter(ctx, order, "the record at " + order.origin() + " is task " + original.getRequestId() + "/"
                    + original.getStageIndex() + ", not " + order.requestId + "/" + order.stageIndex, record);
            return;
        }
        out.collect(Redispatch.task(original, order));
    }

    private ConsumerRecord<byte[], byte[]> fetch(RedispatchOrder order) {
        TopicPartition tp = new TopicPartition(order.topic, order.partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, order.offset);
        long deadline = System.nanoTime() + FETCH_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() == order.offset) {
                    return r;
                }
                if (r.offset() > order.offset) {
                    return null; // compacted or deleted: the log went on without it
                }
            }
        }
        return null;
    }

    private void deadLetter(Context ctx, RedispatchOrder order, String reason, ConsumerRecord<byte[], byte[]> record) {
        ctx.output(DeadLetters.TAG, record != null
                ? DeadLetters.of(RawRecord.of(record), reason, null, service, Instant.now())
                : DeadLetters.invalid(order.topic, order.requestId, reason, service, Instant.now()));
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public TypeInformation<PartitionTask> getProducedType() {
        return new AvroTypeInfo<>(PartitionTask.class);
    }
}
