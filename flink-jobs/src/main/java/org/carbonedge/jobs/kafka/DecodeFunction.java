package org.carbonedge.jobs.kafka;

import java.io.Serializable;
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
import org.carbonedge.schemas.serde.RecordFailures;
import org.carbonedge.schemas.serde.RegistryException;

/**
 * Decodes {@link RawRecord}s (Confluent wire-format Avro) into the topic's generated type with the registry, and
 * sends anything that does not decode, or that a validator rejects, to {@link DeadLetters#TAG} with the reason
 * and its topic/partition/offset and raw bytes: a malformed record never fails the job. Only an unreachable
 * registry is thrown (that is an outage, not a bad record; the job restarts from its checkpoint). Tombstones
 * (null values) are skipped. Whole records are read with the bounded {@link RegistryAvroDeserializer}; an
 * {@link Error} a record causes in a decoder or validator (out of memory, stack overflow) is dead-lettered too
 * ({@link RecordFailures}). A custom {@link RecordDecoder} can decode into something other than the whole
 * generated type (e.g. a task without its tensors) with the same dead-lettering.
 *
 * <p>Registry clients are not serializable, so the decoder is created in {@link #open}.
 *
 * @param <T> what records decode into
 */
public final class DecodeFunction<T> extends ProcessFunction<RawRecord, T> implements ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    /** Turns one raw record (its value is not null) into a value, throwing when it cannot. */
    @FunctionalInterface
    public interface RecordDecoder<T> {
        T decode(RawRecord record);
    }

    /** Creates the decoder of a running operator from the job's settings (serializable, unlike decoders). */
    @FunctionalInterface
    public interface DecoderFactory<T> extends Serializable {
        RecordDecoder<T> create(ClientSettings settings);
    }

    private final ClientSettings settings;
    private final DecoderFactory<T> factory;
    private final TypeInformation<T> producedType;
    private final String typeName;
    private final String service;
    private final SerializableFunction<T, String> validator;

    private transient RecordDecoder<T> decoder;
    private transient Counter deadLettered;
    private transient Counter tombstones;

    /**
     * @param settings  registry to read writer schemas from
     * @param type      generated class to decode into
     * @param service   service name written into dead letters (router, emissions, ...)
     * @param validator returns what is wrong with a decoded value, or null when it is fine; may be null
     */
    public DecodeFunction(ClientSettings settings, Class<T> type, String service, SerializableFunction<T, String> validator) {
        this(settings, wholeRecord(type), avroType(type), type.getSimpleName(), service, validator);
    }

    /**
     * @param settings     registry to read writer schemas from
     * @param factory      creates the decoder in {@link #open}
     * @param producedType Flink type of the decoded values
     * @param typeName     what a record is called in dead-letter reasons ("cannot decode X")
     * @param service      service name written into dead letters
     * @param validator    returns what is wrong with a decoded value, or null when it is fine; may be null
     */
    public DecodeFunction(ClientSettings settings, DecoderFactory<T> factory, TypeInformation<T> producedType,
                          String typeName, String service, SerializableFunction<T, String> validator) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.producedType = Objects.requireNonNull(producedType, "producedType");
        this.typeName = Objects.requireNonNull(typeName, "typeName");
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
        return decode(raw, new DecodeFunction<>(settings, type, service, validator), uidSuffix);
    }

    /** {@code raw} through {@code function}, uid and name {@code decode-<uidSuffix>}. */
    public static <T> SingleOutputStreamOperator<T> decode(DataStream<RawRecord> raw, DecodeFunction<T> function,
                                                           String uidSuffix) {
        return raw.process(function).uid("decode-" + uidSuffix).name("decode " + uidSuffix);
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = factory.create(settings);
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
            value = decoder.decode(record);
        } catch (RegistryException e) {
            if (e.errorCode() == -1) {
                throw e;
            }
            deadLetter(ctx, record, e.getMessage(), e);
            return;
        } catch (Throwable e) { // also an Error one record caused (the decoder is bounded, a custom one may not be)
            RecordFailures.rethrowIfFatal(e);
            deadLetter(ctx, record, "cannot decode " + typeName + ": " + RecordFailures.describe(e), e);
            return;
        }
        String problem;
        try {
            problem = validator == null ? null : validator.apply(value);
        } catch (Throwable e) {
            RecordFailures.rethrowIfFatal(e);
            problem = "invalid " + typeName + ": " + e;
        }
        if (problem != null) {
            deadLetter(ctx, record, problem, null);
            return;
        }
        out.collect(value);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return producedType;
    }

    private void deadLetter(Context ctx, RawRecord record, String reason, Throwable error) {
        deadLettered.inc();
        ctx.output(DeadLetters.TAG, DeadLetters.of(record, reason, error, service, Instant.now()));
    }

    /** Decodes whole records of a generated type. */
    private static <T> DecoderFactory<T> wholeRecord(Class<T> type) {
        return settings -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            RegistryAvroDeserializer<?> d = new RegistryAvroDeserializer(settings.registryClient(), type,
                    SpecificData.get().getSchema(type));
            @SuppressWarnings("unchecked")
            RecordDecoder<T> decoder = r -> (T) d.deserialize(r.topic, r.value);
            return decoder;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> TypeInformation<T> avroType(Class<T> type) {
        return new AvroTypeInfo(type);
    }
}
