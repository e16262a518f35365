package org.carbonedge.schemas.serde;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Counts what a decoder made of fuzzed records — decoded, rejected with a reason, or escaped (anything but a
 * {@link SerializationException} with a message, or a rejection caused by an {@link Error} the bounds should
 * have prevented) — and the most bytes one record made the decoding thread allocate.
 */
public final class FuzzTally {

    private final String name;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long records;
    private long decoded;
    private long rejected;
    private long escaped;
    private long maxAllocatedBytes;
    private String heaviest = "";
    private final List<String> escapes = new ArrayList<>();

    public FuzzTally(String name) {
        this.name = name;
    }

    /** Decodes {@code input} with {@code decoder}, counting the outcome; never throws. */
    public <T> void attempt(byte[] input, Function<byte[], T> decoder) {
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            decoder.apply(input);
            decoded();
        } catch (SerializationException e) {
            if (causedByError(e)) {
                escaped(e);
            } else {
                rejected(e.getMessage());
            }
        } catch (Throwable t) {
            escaped(t);
        } finally {
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            if (bytes > maxAllocatedBytes) {
                heaviest = input.length + " bytes " + java.util.HexFormat.of().formatHex(input, 0, Math.min(input.length, 24));
            }
            allocated(bytes);
        }
    }

    public void decoded() {
        records++;
        decoded++;
    }

    /** A rejection; one without a reason counts as escaped. */
    public void rejected(String reason) {
        records++;
        if (reason == null || reason.isBlank()) {
            escaped++;
            escapes.add("rejected without a reason");
        } else {
            rejected++;
        }
    }

    public void escaped(Throwable t) {
        records++;
        escaped++;
        if (escapes.size() < 10) {
            escapes.add(t.toString());
        }
    }

    /** Notes the bytes one record made this thread allocate. */
    public void allocated(long bytes) {
        maxAllocatedBytes = Math.max(maxAllocatedBytes, bytes);
    }

    /** The bytes the current thread has allocated so far (for callers measuring their own attempts). */
    public long threadAllocatedBytes() {
        return threads.getCurrentThreadAllocatedBytes();
    }

    public long records() {
        return records;
    }

    public long decodedCount() {
        return decoded;
    }

    public long rejectedCount() {
        return rejected;
    }

    public long escapedCount() {
        return escaped;
    }

    public long maxAllocatedBytes() {
        return maxAllocatedBytes;
    }

    /** The first escapes, for the failure message. */
    public List<String> escapes() {
        return escapes;
    }

    /** One line, e.g. {@code fuzz RegistryAvroDeserializer: 20000 records, 1234 decoded, 18766 rejected, 0 escaped}. */
    public String summary() {
        String line = "fuzz " + name + ": " + records + " records, " + decoded + " decoded, " + rejected + " rejected, "
                + escaped + " escaped";
        return maxAllocatedBytes == 0 ? line
                : line + " (most allocated by one record: " + maxAllocatedBytes / 1024 + " KiB, " + heaviest + ")";
    }

    private static boolean causedByError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Error) {
                return true;
            }
        }
        return false;
    }
}
