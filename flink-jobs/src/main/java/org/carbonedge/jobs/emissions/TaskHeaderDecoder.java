package org.carbonedge.jobs.emissions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.jobs.kafka.DecodeFunction;
import org.carbonedge.jobs.kafka.RawRecord;
import org.carbonedge.schemas.serde.AvroLimits;
import org.carbonedge.schemas.serde.BoundedAvroReader;
import org.carbonedge.schemas.serde.RegistryClient;

/**
 * Decodes a {@link PartitionTask}'s wire bytes into a {@link TaskSeen} without materialising its input tensors:
 * the reader schema is PartitionTask without {@code inputs}, so Avro's schema resolution skips them (a length and
 * a jump per tensor) instead of copying kilobytes per task. The top-level record is read generically (the
 * projection has no generated class), the nested plan into the generated {@link ExecutionPlan}. Like every decoder it
 * goes through {@link BoundedAvroReader}: the skipped tensors' lengths are checked against the record too (Avro skips
 * a 2 GB claim without allocating, but a claimed item count would still make it loop), and a refused record is a
 * {@link org.apache.kafka.common.errors.SerializationException} with the reason.
 */
final class TaskHeaderDecoder implements DecodeFunction.RecordDecoder<TaskSeen> {

    /** Makes a decoder per running operator. */
    static final DecodeFunction.DecoderFactory<TaskSeen> FACTORY = settings -> new TaskHeaderDecoder(settings.registryClient());

    static final Schema PROJECTION = projection();

    /** Generated classes for nested records, a generic record for the projection itself. */
    private static final SpecificData DATA = new SpecificData(TaskHeaderDecoder.class.getClassLoader()) {
        @Override
        public Class<?> getClass(Schema schema) {
            return schema == PROJECTION ? null : super.getClass(schema);
        }
    };

    static {
        DATA.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    }

    private final BoundedAvroReader<Object> reader;

    TaskHeaderDecoder(RegistryClient registry) {
        this(registry, AvroLimits.DEFAULTS);
    }

    TaskHeaderDecoder(RegistryClient registry, AvroLimits limits) {
        this.reader = new BoundedAvroReader<>(registry::schemaById, PROJECTION, DATA, limits);
    }

    @Override
    public TaskSeen decode(RawRecord raw) {
        GenericRecord r = (GenericRecord) reader.read(raw.topic, raw.value);
        TaskSeen t = new TaskSeen();
        t.requestId = r.get("requestId").toString();
        t.modelId = r.get("modelId").toString();
        t.plan = (ExecutionPlan) r.get("plan");
        t.stageIndex = (Integer) r.get("stageIndex");
        t.attempt = (Integer) r.get("attempt");
        t.submittedAt = (Instant) r.get("submittedAt");
        t.dispatchedAt = (Instant) r.get("dispatchedAt");
        t.topic = raw.topic;
        t.partition = raw.partition;
        t.offset = raw.offset;
        return t;
    }

    /** PartitionTask's schema without the {@code inputs} field (same name, so it resolves against any writer). */
    private static Schema projection() {
        Schema full = PartitionTask.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : full.getFields()) {
            if (!f.name().equals("inputs")) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, fields);
    }
}
