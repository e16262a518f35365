package org.carbonedge.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serializer and deserializer of one generated Avro type, sharing one registry client. */
public final class RegistryAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final RegistryAvroSerializer<T> serializer;
    private final RegistryAvroDeserializer<T> deserializer;

    public RegistryAvroSerde(RegistryClient registry, Class<T> type, Schema schema, boolean autoRegister) {
        this.serializer = new RegistryAvroSerializer<>(registry, schema, autoRegister);
        this.deserializer = new RegistryAvroDeserializer<>(registry, type, schema);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
