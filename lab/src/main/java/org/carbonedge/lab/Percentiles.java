package org.carbonedge.lab;

/** Nearest-rank percentiles of figures the benchmarks and experiments report. */
public final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p}th percentile of {@code sorted} (ascending); NaN when empty. */
    public static double of(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(sorted.length * p / 100.0))];
    }
}
