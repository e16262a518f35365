package org.carbonedge.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro into generated classes. The writer schema is fetched by id from the registry
 * (once per id) and resolved against the reader's generated schema, so records written with an older or newer
 * compatible schema still decode. Every record is checked against {@link AvroLimits} before Avro reads it
 * ({@link BoundedAvroReader}): anything unreadable, also a record claiming gigabytes, becomes a
 * {@link SerializationException} saying why, never an {@link OutOfMemoryError} in the consumer.
 */
public final class RegistryAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final BoundedAvroReader<T> reader;

    public RegistryAvroDeserializer(RegistryClient registry, Class<T> type, Schema readerSchema) {
        this(registry, type, readerSchema, AvroLimits.DEFAULTS);
    }

    public RegistryAvroDeserializer(RegistryClient registry, Class<T> type, Schema readerSchema, AvroLimits limits) {
        this.reader = new BoundedAvroReader<>(registry::schemaById, readerSchema, SpecificData.getForClass(type), limits);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return reader.read(topic, data);
    }
}
