package org.carbonedge.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Valid random datums of any schema, seeded, as the seeds of fuzzing: small collections and strings, every union
 * branch and enum symbol, recursion cut off at a depth by choosing a union's null branch or an empty collection.
 */
public final class RandomDatums {

    private static final int MAX_DEPTH = 6;

    private final Random random;

    public RandomDatums(Random random) {
        this.random = random;
    }

    /** A random datum of {@code schema}, in Avro's generic representation. */
    public Object of(Schema schema) {
        return of(schema, 0);
    }

    /** {@code datum} in Avro binary (no header). */
    public static byte[] encode(Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<>(schema, GenericData.get()).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code body} behind a Confluent header naming {@code schemaId}. */
    public static byte[] frame(int schemaId, byte[] body) {
        byte[] framed = new byte[ConfluentWireFormat.HEADER_BYTES + body.length];
        ConfluentWireFormat.writeHeader(framed, schemaId);
        System.arraycopy(body, 0, framed, ConfluentWireFormat.HEADER_BYTES, body.length);
        return framed;
    }

    private Object of(Schema s, int depth) {
        switch (s.getType()) {
            case NULL:
                return null;
            case BOOLEAN:
                return random.nextBoolean();
            case INT:
                return random.nextBoolean() ? random.nextInt(100) : random.nextInt();
            case LONG:
                return random.nextBoolean() ? (long) random.nextInt(100) : random.nextLong();
            case FLOAT:
                return random.nextFloat();
            case DOUBLE:
                return random.nextDouble() * 1000;
            case STRING:
                return string();
            case BYTES:
                byte[] bytes = new byte[random.nextInt(depth > MAX_DEPTH ? 1 : 40)];
                random.nextBytes(bytes);
                return ByteBuffer.wrap(bytes);
            case FIXED:
                byte[] fixed = new byte[s.getFixedSize()];
                random.nextBytes(fixed);
                return new GenericData.Fixed(s, fixed);
            case ENUM:
                return new GenericData.EnumSymbol(s, s.getEnumSymbols().get(random.nextInt(s.getEnumSymbols().size())));
            case UNION:
                return of(branch(s, depth), depth + 1);
            case ARRAY:
                List<Object> items = new ArrayList<>();
                for (int i = size(depth); i > 0; i--) {
                    items.add(of(s.getElementType(), depth + 1));
                }
                return new GenericData.Array<>(s, items);
            case MAP:
                Map<String, Object> map = new HashMap<>();
                for (int i = size(depth); i > 0; i--) {
                    map.put(string(), of(s.getValueType(), depth + 1));
                }
                return map;
            case RECORD:
                GenericData.Record record = new GenericData.Record(s);
                for (Schema.Field f : s.getFields()) {
                    record.put(f.pos(), of(f.schema(), depth + 1));
                }
                return record;
            default:
                throw new IllegalArgumentException("unknown type " + s.getType());
        }
    }

    private Schema branch(Schema union, int depth) {
        if (depth > MAX_DEPTH) {
            for (Schema b : union.getTypes()) {
                if (b.getType() == Schema.Type.NULL) {
                    return b;
                }
            }
        }
        return union.getTypes().get(random.nextInt(union.getTypes().size()));
    }

    private int size(int depth) {
        return depth > MAX_DEPTH ? 0 : random.nextInt(4);
    }

    private String string() {
        int length = random.nextInt(12);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(random.nextInt(10) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }
}
