package org.carbonedge.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Records a hostile or broken producer sends, made from valid ones: truncated, bit-flipped, bytes overwritten,
 * inserted or deleted, a varint inflated to claim 2^31 (or 2^62, or a negative count) bytes or items, an over-long
 * varint, a garbage body, a broken header. Seeded, so a failure replays.
 */
public final class HostileRecords {

    /**
     * 2^31 - 9: the largest length or count Avro's own default limits ({@code org.apache.avro.limits.*}) let
     * through, so plain Avro allocates it: {@code OutOfMemoryError} in a 1 GiB heap.
     */
    public static final long AVRO_MAX_LENGTH = Integer.MAX_VALUE - 8;

    /** Varints (zigzag, as Avro writes them) of the claims a length-inflation mutation inserts. */
    private static final long[] CLAIMS = {1L << 31, (1L << 31) - 1, AVRO_MAX_LENGTH, 1L << 30, 1L << 62, Long.MAX_VALUE, -1, -(1L << 31),
            Long.MIN_VALUE, 1_000_000, 65_536};

    private final Random random;

    public HostileRecords(Random random) {
        this.random = random;
    }

    /**
     * The 13-byte record of the hostile tester: a Confluent header naming {@code schemaId}, then a string, bytes,
     * array or map length (whatever the writer schema's first field is) claiming {@link #AVRO_MAX_LENGTH} (~2 GiB)
     * bytes or items, then 3 bytes.
     */
    public static byte[] claiming2GiB(int schemaId) {
        byte[] body = new byte[8];
        byte[] claim = zigzagVarint(AVRO_MAX_LENGTH);
        System.arraycopy(claim, 0, body, 0, claim.length);
        body[5] = 'a';
        body[6] = 'b';
        body[7] = 'c';
        return RandomDatums.frame(schemaId, body);
    }

    /** {@code value} as Avro writes a long: zigzag, then 7 bits a byte, low bits first. */
    public static byte[] zigzagVarint(long value) {
        long n = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7f) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        return out.toByteArray();
    }

    /** A mutated copy of the framed record {@code valid} (which is left alone). */
    public byte[] mutate(byte[] valid) {
        int header = ConfluentWireFormat.HEADER_BYTES;
        int bodyLength = valid.length - header;
        switch (random.nextInt(10)) {
            case 0: // truncated
                return Arrays.copyOf(valid, random.nextInt(valid.length));
            case 1: { // bits flipped in the body
                byte[] out = valid.clone();
                for (int i = 1 + random.nextInt(4); i > 0 && bodyLength > 0; i--) {
                    out[header + random.nextInt(bodyLength)] ^= (byte) (1 << random.nextInt(8));
                }
                return out;
            }
            case 2: { // bytes overwritten
                byte[] out = valid.clone();
                for (int i = 1 + random.nextInt(3); i > 0 && bodyLength > 0; i--) {
                    out[header + random.nextInt(bodyLength)] = (byte) random.nextInt(256);
                }
                return out;
            }
            case 3: // a length or count inflated in place of a byte
            case 4:
                return splice(valid, bodyOffset(valid), 1, zigzagVarint(CLAIMS[random.nextInt(CLAIMS.length)]));
            case 5: // a length or count inserted
                return splice(valid, bodyOffset(valid), 0, zigzagVarint(CLAIMS[random.nextInt(CLAIMS.length)]));
            case 6: { // a varint that never ends
                byte[] endless = new byte[11 + random.nextInt(5)];
                Arrays.fill(endless, (byte) 0xff);
                return splice(valid, bodyOffset(valid), random.nextInt(2), endless);
            }
            case 7: { // a span deleted or repeated
                int from = bodyOffset(valid);
                int span = random.nextInt(Math.max(1, valid.length - from));
                if (random.nextBoolean()) {
                    return splice(valid, from, span, new byte[0]);
                }
                return splice(valid, from, 0, Arrays.copyOfRange(valid, from, from + span));
            }
            case 8: { // a garbage body
                byte[] body = new byte[random.nextInt(64)];
                random.nextBytes(body);
                return splice(valid, header, bodyLength, body);
            }
            default: { // a broken header (magic byte or schema id)
                byte[] out = valid.clone();
                out[random.nextInt(Math.min(header, out.length))] ^= (byte) (1 + random.nextInt(255));
                return out;
            }
        }
    }

    private int bodyOffset(byte[] framed) {
        int header = ConfluentWireFormat.HEADER_BYTES;
        return header + random.nextInt(Math.max(1, framed.length - header));
    }

    /** {@code data} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
    private static byte[] splice(byte[] data, int at, int removed, byte[] inserted) {
        at = Math.min(at, data.length);
        removed = Math.min(removed, data.length - at);
        byte[] out = new byte[data.length - removed + inserted.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(data, at + removed, out, at + inserted.length, data.length - at - removed);
        return out;
    }
}
