package org.carbonedge.schemas.serde;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary body.
 * Any Confluent-compatible consumer in any language reads what CarbonEdge writes, and vice versa.
 */
public final class ConfluentWireFormat {

    /** Magic byte that opens every framed record. */
    public static final byte MAGIC_BYTE = 0;
    /** Bytes before the Avro body. */
    public static final int HEADER_BYTES = 5;

    private ConfluentWireFormat() {
    }

    /** Writes the 5-byte header into {@code out} at position 0. */
    public static void writeHeader(byte[] out, int schemaId) {
        out[0] = MAGIC_BYTE;
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
    }

    /** Reads and checks the header, returning the schema id. */
    public static int readSchemaId(byte[] framed) {
        if (framed.length < HEADER_BYTES) {
            throw new SerializationException("record of " + framed.length
                    + " bytes is too short for the Confluent wire format (5-byte header)");
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new SerializationException("unknown magic byte " + framed[0]
                    + ": not a Confluent wire-format Avro record");
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
