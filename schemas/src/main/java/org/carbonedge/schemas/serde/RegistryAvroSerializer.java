package org.carbonedge.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in the Confluent wire format. The subject is {@code <topic>-value}
 * (TopicNameStrategy). With auto-registration off, as services run in production, the schema must already be
 * registered (by {@code carbonedge up} or the provisioner) and is only looked up, once per subject.
 */
public final class RegistryAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final RegistryClient registry;
    private final Schema schema;
    private final boolean autoRegister;
    private final SpecificDatumWriter<T> writer;
    private final Map<String, Integer> idsBySubject = new ConcurrentHashMap<>();

    public RegistryAvroSerializer(RegistryClient registry, Schema schema, boolean autoRegister) {
        this.registry = registry;
        this.schema = schema;
        this.autoRegister = autoRegister;
        this.writer = new SpecificDatumWriter<>(schema);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int id = idsBySubject.computeIfAbsent(topic + "-value", this::schemaId);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(ConfluentWireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + schema.getName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int schemaId(String subject) {
        return autoRegister ? registry.register(subject, schema) : registry.lookupId(subject, schema);
    }
}
