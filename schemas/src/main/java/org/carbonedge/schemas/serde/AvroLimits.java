package org.carbonedge.schemas.serde;

import org.apache.avro.SystemLimitException;

/**
 * How much one Avro record may make a decoder allocate, checked by {@link AvroBounds} before Avro reads anything.
 * Avro itself allocates whatever a record claims (a 13-byte record can claim a 2 GB string or a 2-billion-item
 * array), so without these a single hostile record throws {@link OutOfMemoryError} in whatever service reads it.
 *
 * <p>Defaults ({@link #DEFAULTS}):
 * <ul>
 *   <li>{@code maxRecordBytes} {@value #DEFAULT_MAX_RECORD_BYTES} (64 MiB): the Avro body of one record; well over
 *       the 16 MiB request limit of the router and the validation plus tensors' framing, well under any heap a
 *       service runs with. Strings and bytes can never claim more than the bytes left in the record anyway.</li>
 *   <li>{@code maxItems} {@value #DEFAULT_MAX_ITEMS} (2^20): array and map elements in the whole record, all
 *       collections together. Tensors travel as {@code bytes}, so real records hold hundreds of items at most; the
 *       limit matters for elements that encode in one byte or none ({@code null}), where the record's size alone
 *       would allow millions of objects of 16+ bytes each.</li>
 *   <li>{@code maxDepth} {@value #DEFAULT_MAX_DEPTH}: nested records, arrays, maps and unions; CarbonEdge's
 *       schemas nest 5 deep. A recursive writer schema would otherwise let a record recurse until
 *       {@link StackOverflowError}.</li>
 * </ul>
 *
 * @param maxRecordBytes largest Avro body, bytes (after the 5-byte Confluent header)
 * @param maxItems       most array and map elements in one record, all collections together
 * @param maxDepth       deepest nesting of records, arrays, maps and unions
 */
public record AvroLimits(int maxRecordBytes, int maxItems, int maxDepth) {

    /** Default {@code maxRecordBytes}: 64 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;
    /** Default {@code maxItems}: 1,048,576. */
    public static final int DEFAULT_MAX_ITEMS = 1 << 20;
    /** Default {@code maxDepth}: 64. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** The limits every CarbonEdge decoder uses unless told otherwise. */
    public static final AvroLimits DEFAULTS = new AvroLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_ITEMS, DEFAULT_MAX_DEPTH);

    public AvroLimits {
        if (maxRecordBytes <= 0 || maxItems <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("Avro limits must be positive: maxRecordBytes=" + maxRecordBytes
                    + ", maxItems=" + maxItems + ", maxDepth=" + maxDepth);
        }
    }

    /**
     * Sets Avro's own JVM-wide limits ({@code org.apache.avro.limits.*}) to the defaults when nobody set them: a
     * second line behind {@link AvroBounds} for any Avro decoding that does not go through it. Avro reads these
     * properties once, when {@link SystemLimitException} is first loaded, so this only helps when it runs first;
     * {@link BoundedAvroReader} calls it when it is loaded. Its defaults are 2 GB strings and 2-billion-item arrays.
     */
    public static void installAvroSystemLimits() {
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, DEFAULT_MAX_RECORD_BYTES);
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, DEFAULT_MAX_RECORD_BYTES);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, DEFAULT_MAX_ITEMS);
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
