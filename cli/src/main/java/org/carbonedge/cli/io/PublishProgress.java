package org.carbonedge.cli.io;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The publish command's progress bar on stderr, redrawn in place at most ten times a second. Only on a terminal:
 * piped or logged output gets none, as a stream of carriage returns is noise in a file.
 */
final class PublishProgress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;

    private PublishProgress(PrintWriter err, long total) {
        this.err = err;
        this.total = total;
    }

    /** A bar on {@code err} when the JVM has a console, else null (no progress output). */
    static PublishProgress onTerminal(PrintWriter err, long total) {
        return System.console() != null ? new PublishProgress(err, total) : null;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (done < total && now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        int filled = (int) (WIDTH * done / Math.max(1, total));
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        err.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d requests %.1f/s", "#".repeat(filled), "-".repeat(WIDTH - filled),
                done, total, done / seconds));
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}
