package org.carbonedge.jobs.kafka;

import java.time.Instant;
import java.util.Objects;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.serde.RegistryAvroDeserializer;
import org.carbonedge.schemas.serde.RegistryException;

/**
 * Decodes {@link RawRecord}s (Confluent wire-format Avro) into the topic's generated type with the registry, and
 * sends anything that does not decode, or that a validator rejects, to {@link DeadLetters#TAG} with the reason
 * and its topic/partition/offset and raw bytes: a malformed record never fails the job. Only an unreachable
 * registry is thrown (that is an outage, not a bad record; the job restarts from its checkpoint). Tombstones
 * (null values) are skipped.
 *
 * <p>The registry client is not serializable, so it is created in {@link #open}.
 *
 * @param <T> generated Avro type of the topic's values
 */
public final class DecodeFunction<T extends SpecificRecordBase> extends ProcessFunction<RawRecord, T>
        implements ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final ClientSettings settings;
    private final Class<T> type;
    private final String service;
    private final SerializableFunction<T, String> validator;

    private transient RegistryAvroDeserializer<T> deserializer;
    private transient Counter deadLettered;
    private transient Counter tombstones;

    /**
     * @param settings  registry to read writer schemas from
     * @param type      generated class to decode into
     * @param service   service name written into dead letters (router, emissions, ...)
     * @param validator returns what is wrong with a decoded value, or null when it is fine; may be null
     */
    public DecodeFunction(ClientSettings settings, Class<T> type, String service, SerializableFunction<T, String> validator) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.type = Objects.requireNonNull(type, "type");
        this.service = Objects.requireNonNull(service, "service");
        this.validator = validator;
    }

    /**
     * Decodes {@code raw} as values of {@code topic}: the decoded stream, whose
     * {@code getSideOutput(DeadLetters.TAG)} holds the dead letters. The operator gets uid and name
     * {@code decode-<topic>} (pass a distinct {@code uidSuffix} when decoding one topic twice in a job).
     */
    public static <T extends SpecificRecordBase> SingleOutputStreamOperator<T> decode(
            DataStream<RawRecord> raw, ClientSettings settings, TopicDef<T> topic, String service,
            SerializableFunction<T, String> validator) {
        return decode(raw, settings, topic.valueType(), topic.name(), service, validator);
    }

    /** As {@link #decode(DataStream, ClientSettings, TopicDef, String, SerializableFunction)}, for a topic family. */
    public static <T extends SpecificRecordBase> SingleOutputStreamOperator<T> decode(
            DataStream<RawRecord> raw, ClientSettings settings, Class<T> type, String uidSuffix, String service,
            SerializableFunction<T, String> validator) {
        return raw.process(new DecodeFunction<>(settings, type, service, validator))
                .uid("decode-" + uidSuffix).name("decode " + uidSuffix);
    }

    @Override
    public void open(OpenContext openContext) {
        deserializer = new RegistryAvroDeserializer<>(settings.registryClient(), type, SpecificData.get().getSchema(type));
        deadLettered = getRuntimeContext().getMetricGroup().counter("deadLettered");
        tombstones = getRuntimeContext().getMetricGroup().counter("tombstonesSkipped");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<T> out) {
        if (record.value == null) {
            tombstones.inc();
            return;
        }
        T value;
        try {
            value = deserializer.deserialize(record.topic, record.value);
        } catch (RegistryException e) {
            if (e.errorCode() == -1) {
                throw e;
            }
            deadLetter(ctx, record, e.getMessage(), e);
            return;
        } catch (RuntimeException e) {
            deadLetter(ctx, record, "cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
            return;
        }
        String problem;
        try {
            problem = validator == null ? null : validator.apply(value);
        } catch (RuntimeException e) {
            problem = "invalid " + type.getSimpleName() + ": " + e;
        }
        if (problem != null) {
            deadLetter(ctx, record, problem, null);
            return;
        }
        out.collect(value);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return new AvroTypeInfo<>(type);
    }

    private void deadLetter(Context ctx, RawRecord record, String reason, Throwable error) {
        deadLettered.inc();
        ctx.output(DeadLetters.TAG, DeadLetters.of(record, reason, error, service, Instant.now()));
    }
}
