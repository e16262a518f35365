package org.carbonedge.lab.stats;

import java.util.Arrays;
import java.util.Locale;

/**
 * An estimate with its 95% interval, and whether two estimates can be told apart. Experiments on this machine run
 * policies a few percent apart on two cores shared by the broker, the jobs and the devices: a figure without its
 * interval invites ranking policies by noise (issue #19: five requests per policy ordered balanced and performance
 * 0.5% apart).
 *
 * @param estimate the figure itself (a mean or a median)
 * @param low      lower end of its 95% interval (NaN when there are too few samples to say)
 * @param high     upper end
 */
public record Interval(double estimate, double low, double high) {

    /**
     * Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom: a mean of five requests needs 2.78
     * standard errors, not the normal 1.96.
     */
    private static final double[] T_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
            2.056, 2.052, 2.048, 2.045, 2.042};

    /** The mean of {@code values} with Student's t interval; NaN ends below two values. */
    public static Interval ofMean(double[] values) {
        int n = values.length;
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        if (n < 2) {
            return new Interval(mean, Double.NaN, Double.NaN);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double half = t975(n - 1) * Math.sqrt(squares / (n - 1) / n);
        return new Interval(mean, mean - half, mean + half);
    }

    /**
     * The median of {@code values} with its distribution-free interval: the order statistics j and k around the
     * middle such that the median lies between them with probability of at least 95% (binomial, normal
     * approximation: n/2 ∓ 0.98·√n). Latencies are skewed, so a mean's interval would not fit them; below six values
     * the interval is the whole range, which is what five requests can say.
     */
    public static Interval ofMedian(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int j = (int) Math.floor(n / 2.0 - 0.98 * Math.sqrt(n));
        int k = (int) Math.ceil(n / 2.0 + 1 + 0.98 * Math.sqrt(n));
        return new Interval(median, sorted[Math.max(0, j - 1)], sorted[Math.min(n - 1, k - 1)]);
    }

    /** Half the interval's width (NaN when it has none). */
    public double halfWidth() {
        return (high - low) / 2;
    }

    /** Whether the interval says anything (at least two samples). */
    public boolean known() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }

    /**
     * Whether this and {@code other} cannot be told apart at 95%: their difference is within the combined
     * half-widths (√(h₁² + h₂²), the interval of a difference of independent estimates), or either has no interval.
     */
    public boolean tiedWith(Interval other) {
        if (!known() || !other.known()) {
            return true;
        }
        double combined = Math.hypot(halfWidth(), other.halfWidth());
        return Math.abs(center() - other.center()) <= combined;
    }

    private double center() {
        return (low + high) / 2;
    }

    /**
     * The percentage change of this against {@code baseline}, 100·(this/baseline − 1), with its interval from the
     * relative half-widths (first-order propagation for a ratio of independent estimates).
     */
    public Interval percentChangeFrom(Interval baseline) {
        double ratio = estimate / baseline.estimate;
        double pct = 100 * (ratio - 1);
        if (!known() || !baseline.known()) {
            return new Interval(pct, Double.NaN, Double.NaN);
        }
        double relative = Math.hypot(halfWidth() / estimate, baseline.halfWidth() / baseline.estimate);
        double half = 100 * Math.abs(ratio) * relative;
        return new Interval(pct, pct - half, pct + half);
    }

    /** e.g. {@code 4.85e-06 ±2.1%} with {@code format} for the estimate; "±?" without an interval. */
    public String plusMinusPercent(String format) {
        String value = String.format(Locale.ROOT, format, estimate);
        return value + (known() ? String.format(Locale.ROOT, " ±%.1f%%", 100 * halfWidth() / Math.abs(estimate)) : " ±?");
    }

    /** e.g. {@code 28.9 [28.1–29.5]}; just the estimate without an interval. */
    public String bracketed(String format) {
        String value = String.format(Locale.ROOT, format, estimate);
        return known() ? value + " [" + String.format(Locale.ROOT, format, low) + "–"
                + String.format(Locale.ROOT, format, high) + "]" : value;
    }

    /** e.g. {@code -37.8 ±1.2} (percentage points); "±?" without an interval. */
    public String plusMinus(String format) {
        String value = String.format(Locale.ROOT, format, estimate);
        return value + (known() ? " ±" + String.format(Locale.ROOT, format, halfWidth()) : " ±?");
    }

    private static double t975(int degreesOfFreedom) {
        return degreesOfFreedom <= T_975.length ? T_975[degreesOfFreedom - 1] : 1.96;
    }
}
