package org.carbonedge.schemas.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one decoder of Confluent wire-format Avro that every CarbonEdge consumer goes through (the topic serdes'
 * {@link RegistryAvroDeserializer}, hence Kafka Streams apps, plain consumers, the ledger, gateway and client;
 * Flink's decode functions, also projections like the emissions job's task header). For each record it reads the
 * header, fetches the writer schema by id (once per id), checks the body against {@link AvroBounds} — before Avro
 * allocates anything — then decodes it, resolving the writer schema to the reader schema, and checks that nothing
 * is left over.
 *
 * <p>Whatever goes wrong with one record, including {@link OutOfMemoryError} or {@link StackOverflowError} thrown
 * by Avro, comes out as a {@link SerializationException} whose message says why (see {@link RecordFailures}), so
 * callers dead-letter it; only {@link RegistryException}s pass unchanged (an unreachable registry is an outage,
 * not a bad record), and failures that are not the record's (e.g. {@link LinkageError}) are rethrown.
 *
 * @param <T> what records decode into
 */
public final class BoundedAvroReader<T> {

    static {
        AvroLimits.installAvroSystemLimits();
    }

    private final IntFunction<Schema> writerSchemas;
    private final Schema readerSchema;
    private final GenericData data;
    private final AvroLimits limits;
    private final Map<Integer, Plan<T>> plansByWriterId = new ConcurrentHashMap<>();

    /**
     * @param writerSchemas the writer schema of a schema id, e.g. {@link RegistryClient#schemaById}; called once per id
     * @param readerSchema  what records are read as; the writer schema must have the same full name
     * @param data          Avro data model creating the datum reader (e.g. {@code SpecificData.getForClass(type)})
     * @param limits        what one record may claim
     */
    public BoundedAvroReader(IntFunction<Schema> writerSchemas, Schema readerSchema, GenericData data,
                             AvroLimits limits) {
        this.writerSchemas = writerSchemas;
        this.readerSchema = readerSchema;
        this.data = data;
        this.limits = limits;
    }

    public AvroLimits limits() {
        return limits;
    }

    /**
     * Decodes one framed record read from {@code topic}; null for null.
     *
     * @throws SerializationException when the record cannot be decoded, saying why
     * @throws RegistryException      when its schema id is unknown or the registry cannot be reached
     */
    public T read(String topic, byte[] framed) {
        if (framed == null) {
            return null;
        }
        int id = ConfluentWireFormat.readSchemaId(framed);
        int bodyBytes = framed.length - ConfluentWireFormat.HEADER_BYTES;
        if (bodyBytes > limits.maxRecordBytes()) {
            throw new AvroBoundsException(readerSchema.getName() + " record of " + bodyBytes + " bytes on " + topic
                    + " is over the limit of " + limits.maxRecordBytes() + " bytes");
        }
        Plan<T> plan;
        try {
            plan = plansByWriterId.computeIfAbsent(id, this::plan);
        } catch (SerializationException e) { // RegistryException included: an outage must stay recognisable
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read " + readerSchema.getName() + " records of schema id " + id
                    + " on " + topic + ": " + e, e);
        }
        try {
            plan.bounds().check(framed, ConfluentWireFormat.HEADER_BYTES, bodyBytes);
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                    framed, ConfluentWireFormat.HEADER_BYTES, bodyBytes, null);
            T value = plan.reader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("trailing bytes after the " + readerSchema.getName() + " body");
            }
            return value;
        } catch (AvroBoundsException e) {
            throw new AvroBoundsException("refused " + readerSchema.getName() + " record (schema id " + id + ") on "
                    + topic + ": " + e.getMessage());
        } catch (SerializationException e) {
            throw e;
        } catch (Throwable t) {
            RecordFailures.rethrowIfFatal(t);
            throw new SerializationException("corrupt " + readerSchema.getName() + " record (schema id " + id
                    + ") on " + topic + ": " + t, t);
        }
    }

    private Plan<T> plan(int writerId) {
        Schema writerSchema = writerSchemas.apply(writerId);
        if (!writerSchema.getFullName().equals(readerSchema.getFullName())) {
            throw new SerializationException("schema id " + writerId + " is " + writerSchema.getFullName()
                    + ", expected " + readerSchema.getFullName());
        }
        @SuppressWarnings("unchecked")
        DatumReader<T> reader = (DatumReader<T>) data.createDatumReader(writerSchema, readerSchema);
        return new Plan<>(AvroBounds.of(writerSchema, limits), reader);
    }

    /** What reading records of one writer schema takes. */
    private record Plan<T>(AvroBounds bounds, DatumReader<T> reader) {
    }
}
