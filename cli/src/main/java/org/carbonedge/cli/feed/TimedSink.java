package org.carbonedge.cli.feed;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.replay.IntensitySink;

/**
 * Wraps a sink to measure where a max-speed replay spends its time: in {@code accept} (Avro serialisation,
 * batching and compression on the caller's thread), in {@code flush} (waiting for the broker's acknowledgements),
 * and, by difference, in the replay engine itself.
 */
final class TimedSink implements IntensitySink {
    private final IntensitySink delegate;
    private long acceptNanos;
    private long flushNanos;

    TimedSink(IntensitySink delegate) {
        this.delegate = delegate;
    }

    @Override
    public void accept(GridIntensity record) {
        long start = System.nanoTime();
        delegate.accept(record);
        acceptNanos += System.nanoTime() - start;
    }

    @Override
    public void flush() {
        long start = System.nanoTime();
        delegate.flush();
        flushNanos += System.nanoTime() - start;
    }

    /** The delegate is closed by its owner. */
    @Override
    public void close() {
    }

    double acceptSeconds() {
        return acceptNanos / 1e9;
    }

    double flushSeconds() {
        return flushNanos / 1e9;
    }
}
