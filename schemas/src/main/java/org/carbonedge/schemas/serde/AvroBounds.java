package org.carbonedge.schemas.serde;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;

/**
 * A pre-pass over one Avro binary datum, driven by its writer schema, that refuses the datum before Avro decodes
 * it when decoding could allocate more than the record justifies or recurse without end. Avro trusts every length
 * and count it reads: a string, bytes, array or map of a 13-byte record can claim 2^31 bytes or items, and Avro
 * allocates them (then throws {@link OutOfMemoryError}, which most catch blocks and Kafka Streams' dead-letter
 * handler never see).
 *
 * <p>The walk checks, in the encoding's order:
 * <ul>
 *   <li>the body is at most {@link AvroLimits#maxRecordBytes()};</li>
 *   <li>every varint ends within 5 bytes (int) or 10 bytes (long) and before the end of the record;</li>
 *   <li>string and bytes lengths are not negative and at most the bytes left; fixed sizes fit in the bytes left;</li>
 *   <li>booleans are 0 or 1; enum symbol and union branch indexes are in range;</li>
 *   <li>each array or map block's item count is at most the bytes left divided by the least bytes one item can
 *       take (so a block of 10^9 ints in 20 bytes is refused), and all items of the record together are at most
 *       {@link AvroLimits#maxItems()} (which alone bounds items that take no bytes, like {@code null});</li>
 *   <li>a block with a negative count has a byte size that is not negative, fits in the bytes left, and equals
 *       the bytes its items take;</li>
 *   <li>records, arrays, maps and unions nest at most {@link AvroLimits#maxDepth()} deep;</li>
 *   <li>the walk ends exactly at the end of the record (no trailing bytes).</li>
 * </ul>
 * A datum that passes can still be refused by Avro (a reader schema it does not resolve to, invalid UTF-8 is not
 * checked), but Avro then allocates at most a small multiple of the record's size plus {@code maxItems} objects.
 *
 * <p>The walk allocates nothing but one small cursor (and the exception when it refuses); its time is linear in
 * the record's bytes. One instance per writer schema, immutable and thread-safe.
 */
public final class AvroBounds {

    private static final int MAX_INT_VARINT_BYTES = 5;
    private static final int MAX_LONG_VARINT_BYTES = 10;
    /** Map keys. */
    private static final Schema STRING = Schema.create(Schema.Type.STRING);

    private final Schema writer;
    private final AvroLimits limits;
    /** The fewest bytes a datum of each schema reachable from {@link #writer} encodes in (a lower bound). */
    private final Map<Schema, Integer> minBytes = new IdentityHashMap<>();

    private AvroBounds(Schema writer, AvroLimits limits) {
        this.writer = writer;
        this.limits = limits;
        minEncodedBytes(writer);
    }

    /** The checker of datums written with {@code writer}. */
    public static AvroBounds of(Schema writer, AvroLimits limits) {
        return new AvroBounds(writer, limits);
    }

    public Schema writer() {
        return writer;
    }

    public AvroLimits limits() {
        return limits;
    }

    /**
     * Checks the datum in {@code data[offset, offset + length)}.
     *
     * @throws AvroBoundsException saying what the datum claims that it cannot hold, and where
     */
    public void check(byte[] data, int offset, int length) {
        if (length > limits.maxRecordBytes()) {
            throw new AvroBoundsException("record of " + length + " bytes is over the limit of "
                    + limits.maxRecordBytes() + " bytes");
        }
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + data.length + " bytes");
        }
        Cursor c = new Cursor(data, offset, offset + length);
        walk(writer, c, 1);
        if (c.pos != c.end) {
            throw new AvroBoundsException((c.end - c.pos) + " trailing bytes after the " + writer.getName()
                    + " datum at byte " + c.at());
        }
    }

    /** The fewest bytes a datum of {@code schema} encodes in, as this checker counts them (for tests). */
    int minBytes(Schema schema) {
        return minBytes.get(schema);
    }

    private void walk(Schema s, Cursor c, int depth) {
        switch (s.getType()) {
            case NULL -> {
            }
            case BOOLEAN -> {
                c.need(1, "boolean");
                byte b = c.data[c.pos];
                if (b != 0 && b != 1) {
                    throw new AvroBoundsException("boolean byte " + b + " at byte " + c.at() + " is neither 0 nor 1");
                }
                c.pos++;
            }
            case INT -> readVarint(c, MAX_INT_VARINT_BYTES, "int");
            case LONG -> readVarint(c, MAX_LONG_VARINT_BYTES, "long");
            case FLOAT -> c.skip(4, "float");
            case DOUBLE -> c.skip(8, "double");
            case STRING, BYTES -> {
                int at = c.at();
                long length = readVarint(c, MAX_LONG_VARINT_BYTES, s.getType().getName() + " length");
                if (length < 0) {
                    throw new AvroBoundsException(s.getType().getName() + " at byte " + at + " claims a negative length "
                            + length);
                }
                if (length > c.left()) {
                    throw new AvroBoundsException(s.getType().getName() + " at byte " + at + " claims " + length
                            + " bytes, only " + c.left() + " left in the record");
                }
                c.pos += (int) length;
            }
            case FIXED -> c.skip(s.getFixedSize(), "fixed " + s.getName());
            case ENUM -> {
                int at = c.at();
                long index = readVarint(c, MAX_INT_VARINT_BYTES, "enum index");
                if (index < 0 || index >= s.getEnumSymbols().size()) {
                    throw new AvroBoundsException("enum " + s.getName() + " at byte " + at + " has symbol index "
                            + index + ", it has " + s.getEnumSymbols().size() + " symbols");
                }
            }
            case UNION -> {
                deeper(s, c, depth);
                int at = c.at();
                long index = readVarint(c, MAX_INT_VARINT_BYTES, "union index");
                List<Schema> branches = s.getTypes();
                if (index < 0 || index >= branches.size()) {
                    throw new AvroBoundsException("union at byte " + at + " has branch index " + index + ", it has "
                            + branches.size() + " branches");
                }
                walk(branches.get((int) index), c, depth + 1);
            }
            case RECORD -> {
                deeper(s, c, depth);
                for (Schema.Field f : s.getFields()) {
                    walk(f.schema(), c, depth + 1);
                }
            }
            case ARRAY -> {
                deeper(s, c, depth);
                walkBlocks(s.getElementType(), null, c, depth + 1, "array");
            }
            case MAP -> {
                deeper(s, c, depth);
                walkBlocks(s.getValueType(), STRING, c, depth + 1, "map");
            }
        }
    }

    /** The blocks of an array (key null) or a map (key the string schema). */
    private void walkBlocks(Schema item, Schema key, Cursor c, int depth, String what) {
        long itemMin = (long) minBytes.get(item) + (key == null ? 0 : 1);
        while (true) {
            int at = c.at();
            long count = readVarint(c, MAX_LONG_VARINT_BYTES, what + " block count");
            if (count == 0) {
                return;
            }
            int blockStart = -1;
            long blockBytes = -1;
            if (count < 0) {
                if (count == Long.MIN_VALUE) {
                    throw new AvroBoundsException(what + " block at byte " + at + " has count " + count);
                }
                count = -count;
                blockBytes = readVarint(c, MAX_LONG_VARINT_BYTES, what + " block byte size");
                if (blockBytes < 0 || blockBytes > c.left()) {
                    throw new AvroBoundsException(what + " block at byte " + at + " claims " + blockBytes
                            + " bytes, only " + c.left() + " left in the record");
                }
                blockStart = c.pos;
            }
            if (count > limits.maxItems() - c.items) {
                throw new AvroBoundsException(what + " block at byte " + at + " claims " + count + " items, over the "
                        + "limit of " + limits.maxItems() + " items per record (" + c.items + " read before it)");
            }
            if (itemMin > 0 && count > c.left() / itemMin) {
                throw new AvroBoundsException(what + " block at byte " + at + " claims " + count + " items of at "
                        + "least " + itemMin + " bytes each, only " + c.left() + " bytes left in the record");
            }
            c.items += (int) count;
            if (itemMin == 0) {
                // items that encode in no bytes are all alike: walking one checks the depth of all
                walk(item, c, depth);
            } else {
                for (long i = 0; i < count; i++) {
                    if (key != null) {
                        walk(key, c, depth);
                    }
                    walk(item, c, depth);
                }
            }
            if (blockStart >= 0 && c.pos - blockStart != blockBytes) {
                throw new AvroBoundsException(what + " block at byte " + at + " claims " + blockBytes
                        + " bytes, its items take " + (c.pos - blockStart));
            }
        }
    }

    private void deeper(Schema s, Cursor c, int depth) {
        if (depth > limits.maxDepth()) {
            throw new AvroBoundsException(s.getType().getName() + " at byte " + c.at() + " is nested " + depth
                    + " deep, over the limit of " + limits.maxDepth());
        }
    }

    /** A zigzag varint of at most {@code maxBytes} bytes, decoded. */
    private static long readVarint(Cursor c, int maxBytes, String what) {
        int at = c.at();
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (c.pos >= c.end) {
                throw new AvroBoundsException(what + " at byte " + at + " is cut off by the end of the record");
            }
            int b = c.data[c.pos++] & 0xff;
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new AvroBoundsException(what + " at byte " + at + " is a varint longer than " + maxBytes + " bytes");
    }

    /**
     * Fills {@link #minBytes} for {@code s} and everything reachable from it. A record still being computed (a
     * recursive schema) counts as 0 bytes where it refers to itself, which keeps every figure a lower bound.
     */
    private int minEncodedBytes(Schema s) {
        Integer known = minBytes.get(s);
        if (known != null) {
            return known;
        }
        int min;
        switch (s.getType()) {
            case NULL -> min = 0;
            case BOOLEAN, INT, LONG, STRING, BYTES, ENUM -> min = 1;
            case FLOAT -> min = 4;
            case DOUBLE -> min = 8;
            case FIXED -> min = s.getFixedSize();
            case ARRAY -> {
                minBytes.put(s, 1);
                minEncodedBytes(s.getElementType());
                min = 1;
            }
            case MAP -> {
                minBytes.put(s, 1);
                minEncodedBytes(s.getValueType());
                min = 1;
            }
            case UNION -> {
                minBytes.put(s, 1);
                long least = Integer.MAX_VALUE;
                for (Schema branch : s.getTypes()) {
                    least = Math.min(least, minEncodedBytes(branch));
                }
                min = (int) Math.min(Integer.MAX_VALUE, 1 + least);
            }
            case RECORD -> {
                minBytes.put(s, 0);
                long sum = 0;
                for (Schema.Field f : s.getFields()) {
                    sum += minEncodedBytes(f.schema());
                }
                min = (int) Math.min(Integer.MAX_VALUE, sum);
            }
            default -> throw new IllegalArgumentException("unknown Avro type " + s.getType());
        }
        minBytes.put(s, min);
        return min;
    }

    /** Where the walk is in the record, and how many collection items it has met. */
    private static final class Cursor {
        final byte[] data;
        final int start;
        final int end;
        int pos;
        int items;

        Cursor(byte[] data, int start, int end) {
            this.data = data;
            this.start = start;
            this.end = end;
            this.pos = start;
        }

        int left() {
            return end - pos;
        }

        /** Position in the Avro body, for messages. */
        int at() {
            return pos - start;
        }

        void need(int bytes, String what) {
            if (bytes > end - pos) {
                throw new AvroBoundsException(what + " at byte " + at() + " needs " + bytes + " bytes, only "
                        + left() + " left in the record");
            }
        }

        void skip(int bytes, String what) {
            need(bytes, what);
            pos += bytes;
        }
    }
}
