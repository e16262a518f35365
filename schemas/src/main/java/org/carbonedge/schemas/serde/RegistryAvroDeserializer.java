package org.carbonedge.schemas.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro into generated classes. The writer schema is fetched by id from the registry
 * (once per id) and resolved against the reader's generated schema, so records written with an older or newer
 * compatible schema still decode. Anything unreadable becomes a {@link SerializationException} saying why.
 */
public final class RegistryAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final RegistryClient registry;
    private final Class<T> type;
    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

    public RegistryAvroDeserializer(RegistryClient registry, Class<T> type, Schema readerSchema) {
        this.registry = registry;
        this.type = type;
        this.readerSchema = readerSchema;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = ConfluentWireFormat.readSchemaId(data);
        SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(id, this::readerFor);
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                    data, ConfluentWireFormat.HEADER_BYTES, data.length - ConfluentWireFormat.HEADER_BYTES, null);
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("trailing bytes after the " + readerSchema.getName() + " body");
            }
            return value;
        } catch (SerializationException e) {
            throw e;
        } catch (Exception e) {
            throw new SerializationException("corrupt " + readerSchema.getName() + " record (schema id " + id
                    + ") on " + topic + ": " + e, e);
        }
    }

    private SpecificDatumReader<T> readerFor(int writerId) {
        Schema writerSchema = registry.schemaById(writerId);
        if (!writerSchema.getFullName().equals(readerSchema.getFullName())) {
            throw new SerializationException("schema id " + writerId + " is " + writerSchema.getFullName()
                    + ", expected " + readerSchema.getFullName());
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema, SpecificData.getForClass(type));
    }
}
