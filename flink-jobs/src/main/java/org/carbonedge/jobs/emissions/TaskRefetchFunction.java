package org.carbonedge.jobs.emissions;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.jobs.kafka.DeadLetters;
import org.carbonedge.jobs.kafka.RawRecord;
import org.carbonedge.jobs.kafka.RecordAtPosition;
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

    private transient RecordAtPosition reader;
    private transient RegistryAvroDeserializer<PartitionTask> deserializer;

    public TaskRefetchFunction(ClientSettings settings, String service) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public void open(OpenContext openContext) {
        reader = new RecordAtPosition(settings, FETCH_TIMEOUT);
        deserializer = new RegistryAvroDeserializer<>(settings.registryClient(), PartitionTask.class,
                PartitionTask.getClassSchema());
    }

    @Override
    public void processElement(RedispatchOrder order, Context ctx, Collector<PartitionTask> out) {
        ConsumerRecord<byte[], byte[]> record;
        try {
            record = reader.read(order.topic, order.partition, order.offset);
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

    private void deadLetter(Context ctx, RedispatchOrder order, String reason, ConsumerRecord<byte[], byte[]> record) {
        ctx.output(DeadLetters.TAG, record != null
                ? DeadLetters.of(RawRecord.of(record), reason, null, service, Instant.now())
                : DeadLetters.invalid(order.topic, order.requestId, reason, service, Instant.now()));
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }

    @Override
    public TypeInformation<PartitionTask> getProducedType() {
        return new AvroTypeInfo<>(PartitionTask.class);
    }
}
