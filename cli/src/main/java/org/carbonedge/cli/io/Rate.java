package org.carbonedge.cli.io;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import org.carbonedge.cli.UsageException;

/**
 * A send rate from the command line ({@code 50/s}, {@code 50}, {@code 0.5/s} or {@code max}) and the pacing that
 * keeps to it: request i goes out at start + i / rate, so short stalls are caught up instead of drifting.
 */
final class Rate {

    private final double perSecond;
    private long startNanos;

    private Rate(double perSecond) {
        this.perSecond = perSecond;
    }

    static Rate parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("max")) {
            return new Rate(Double.POSITIVE_INFINITY);
        }
        if (s.endsWith("/s")) {
            s = s.substring(0, s.length() - 2).strip();
        }
        double value;
        try {
            value = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value for option '--rate': '" + text + "' (use e.g. 50/s, or max)");
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UsageException("invalid value for option '--rate': '" + text + "' must be > 0 per second");
        }
        return new Rate(value);
    }

    boolean unlimited() {
        return Double.isInfinite(perSecond);
    }

    /** Starts the clock for {@link #awaitSlot}. */
    void start() {
        startNanos = System.nanoTime();
    }

    /** Waits until request {@code i} (from 0) is due. */
    void awaitSlot(long i) {
        if (unlimited()) {
            return;
        }
        long due = startNanos + (long) (i * 1e9 / perSecond);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    @Override
    public String toString() {
        return unlimited() ? "max" : String.format(Locale.ROOT, "%s/s", perSecond);
    }
}
