package org.carbonedge.feed.replay;

import java.util.Locale;
import org.carbonedge.feed.FeedException;

/**
 * How much faster than real time to replay: {@code 3600} plays one hour of grid time per wall second, {@code 1}
 * is real time, {@link #MAX} ({@code max} or {@code 0} on the command line) sends as fast as the sink accepts.
 *
 * @param factor grid seconds per wall second; infinite for {@link #MAX}
 */
public record ReplaySpeed(double factor) {
    public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);
    public static final ReplaySpeed REAL_TIME = new ReplaySpeed(1.0);

    public ReplaySpeed {
        if (Double.isNaN(factor) || factor <= 0) {
            throw new FeedException("speed must be positive (or max)");
        }
    }

    public static ReplaySpeed of(double factor) {
        return factor == 0 ? MAX : new ReplaySpeed(factor);
    }

    /** Parses {@code --speed}: a positive number, {@code 0} or {@code max}. */
    public static ReplaySpeed parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("max") || t.equals("0")) {
            return MAX;
        }
        try {
            double factor = Double.parseDouble(t.endsWith("x") ? t.substring(0, t.length() - 1) : t);
            if (factor < 0 || Double.isNaN(factor) || Double.isInfinite(factor)) {
                throw new FeedException("bad --speed '" + text + "': use a positive number or max");
            }
            return of(factor);
        } catch (NumberFormatException e) {
            throw new FeedException("bad --speed '" + text + "': use a positive number or max");
        }
    }

    public boolean isMax() {
        return Double.isInfinite(factor);
    }

    @Override
    public String toString() {
        return isMax() ? "max" : (factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor));
    }
}
