package org.carbonedge.feed.replay;

import org.carbonedge.avro.GridIntensity;

/**
 * Where replayed or live records go. The Kafka producer of the grid-intensity topic implements this (keyed by
 * zone, event time {@code validFrom}); tests and {@code --dry-run} use {@link CollectingSink} or a counting sink.
 *
 * <p>Records passed in must not be modified by the sink. {@link #flush()} must not return before every record
 * accepted so far is durable (for Kafka: acknowledged); the replay engine writes its resume checkpoint only after a
 * flush, which makes a resumed replay at-least-once.
 */
public interface IntensitySink extends AutoCloseable {
    /** Takes one record; may buffer. */
    void accept(GridIntensity record);

    /** Makes every accepted record durable. */
    void flush();

    /** Flushes; implementations holding resources release them too. */
    @Override
    default void close() {
        flush();
    }
}
