package org.carbonedge.lab.report;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks a person reads at a glance: numbers at 1, 2 or 5 times a power of ten, time at whole UTC hours 1, 2,
 * 3, 6, 12 or 24 hours apart.
 */
final class Ticks {

    private static final long[] HOUR_STEPS = {1, 2, 3, 6, 12, 24};

    private Ticks() {
    }

    /**
     * Evenly spaced ticks at a 1-2-5 step, about {@code target} intervals, the first at or below {@code min} and the
     * last at or above {@code max}. An empty range ({@code min == max}) is widened around its value.
     */
    static double[] covering(double min, double max, int target) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("no axis range from " + min + " to " + max);
        }
        if (max == min) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            max += pad;
            min = min == 0 ? 0 : min - pad;
        }
        double step = step(min, max, target);
        long first = (long) Math.floor(min / step + 1e-9);
        long last = (long) Math.ceil(max / step - 1e-9);
        double[] ticks = new double[(int) (last - first + 1)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = (first + i) * step;
        }
        return ticks;
    }

    /** The 1-2-5 step giving about {@code target} intervals over [min, max]. */
    static double step(double min, double max, int target) {
        double raw = (max - min) / Math.max(1, target);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** {@code value} with as many decimals as the step between ticks needs, e.g. 0.25 → "0.25", 1500 → "1500". */
    static String label(double value, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /** Whole UTC hours in [from, to], at the smallest step of 1, 2, 3, 6, 12 or 24 h giving at most {@code max}. */
    static List<Instant> hours(Instant from, Instant to, int max) {
        long span = Duration.between(from, to).toHours() + 1;
        long step = HOUR_STEPS[HOUR_STEPS.length - 1];
        for (long s : HOUR_STEPS) {
            if (span / s + 1 <= max) {
                step = s;
                break;
            }
        }
        List<Instant> ticks = new ArrayList<>();
        Instant t = from.truncatedTo(ChronoUnit.HOURS);
        if (t.isBefore(from)) {
            t = t.plus(1, ChronoUnit.HOURS);
        }
        for (; !t.isAfter(to); t = t.plus(1, ChronoUnit.HOURS)) {
            if (t.getEpochSecond() / 3600 % step == 0) {
                ticks.add(t);
            }
        }
        return ticks;
    }
}
