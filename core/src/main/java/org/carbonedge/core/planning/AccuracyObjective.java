package org.carbonedge.core.planning;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A mean accuracy objective over windows of time, for one stream of requests (a client, a label): the accuracy
 * delivered, averaged over each window (UTC-aligned, e.g. each hour), must be at least {@code target}. Clover's idea
 * (SC'23), per request stream: spend the big variant's carbon when the grid is clean and the small one's when it is
 * dirty, while the mean holds.
 *
 * <p>The guarantee is kept at every request, not only at the window's end (arrivals may stop at any moment): a
 * request may be served by a variant of accuracy {@code a} only if the window's mean stays at or above the target
 * with it, i.e. {@code a ≥ target − credit}, where {@code credit = Σ accuracy − target × n} over the window so far.
 * Within that floor ({@link #floor}) {@link #choose} picks the bigger variant while the grid is cleaner than expected
 * (earning credit) and the smaller while it is dirtier (spending it). The first request of a window has no credit, so
 * it is served at or above the target.
 *
 * <p>Within one zone the cheapest mix meeting a window's target is the same whatever the intensity (it scales every
 * variant alike), so the gain over the cheapest static mix can only come from intensity varying within a window
 * (or from zones); the per-request guarantee costs a little against it. In a simulated day
 * ({@code AccuracyObjectiveTest}: hourly windows, ±40% daily swing, noise) the carbon stays within 2% of the static
 * mix, above or below.
 *
 * @param target mean accuracy to hold, in [0, 1]
 * @param window length of the windows the mean is taken over; they start at multiples of it (UTC epoch)
 */
public record AccuracyObjective(double target, Duration window) implements java.io.Serializable {

    public AccuracyObjective {
        if (!(target >= 0 && target <= 1)) {
            throw new IllegalArgumentException("target must be a share in [0, 1], was " + target);
        }
        Objects.requireNonNull(window, "window");
        if (window.toMillis() < 1_000) {
            throw new IllegalArgumentException("window must be at least 1 s, was " + window);
        }
    }

    /** Start of the window {@code at} falls in, epoch ms. */
    public long windowOf(Instant at) {
        long w = window.toMillis();
        return Math.floorDiv(at.toEpochMilli(), w) * w;
    }

    /**
     * What a stream has delivered in one window: small, so a router can keep one per stream in its checkpointed state.
     *
     * @param windowStartMillis the window's start, epoch ms
     * @param served            requests served in it
     * @param accuracySum       sum of the accuracies they were served with
     */
    public record Tally(long windowStartMillis, long served, double accuracySum) {

        /** Nothing served yet in the window starting at {@code windowStartMillis}. */
        public static Tally empty(long windowStartMillis) {
            return new Tally(windowStartMillis, 0, 0);
        }

        /** Mean accuracy delivered, NaN when nothing was served. */
        public double mean() {
            return served == 0 ? Double.NaN : accuracySum / served;
        }

        /** This tally with one more request served at {@code accuracy}. */
        public Tally plus(double accuracy) {
            return new Tally(windowStartMillis, served + 1, accuracySum + accuracy);
        }
    }

    /** {@code tally} if it is of the window {@code at} falls in, else a fresh one for that window. */
    public Tally current(Tally tally, Instant at) {
        long start = windowOf(at);
        return tally != null && tally.windowStartMillis() == start ? tally : Tally.empty(start);
    }

    /**
     * The least accuracy the next request may be served with so that the window's mean stays at or above the target:
     * {@code target − credit}, never below 0 and never above the target (a stream in debt cannot exist: every request
     * kept the mean).
     */
    public double floor(Tally tally) {
        double credit = tally.accuracySum() - target * tally.served();
        return Math.max(0, Math.min(target, target - credit));
    }

    /**
     * Which variant serves the next request: among those at or above {@code floor}, the one minimising
     * {@code gco2[v] − λ × accuracy[v]}, where λ, the carbon an accuracy point is worth, is the slope of the cheapest
     * static mix that meets the target at the intensity expected over the window (the lower convex hull of
     * (accuracy, gCO2 at that intensity) around the target). At the expected intensity the mix's two variants tie and
     * the more accurate wins (credit first); when the grid is cleaner than expected the accuracy is cheaper and the
     * bigger variant is taken; when dirtier, the smaller. Over a window whose intensity varies this spends less than
     * the cheapest static mix that meets the same target (the Lagrangian of that mix's linear programme, evaluated at
     * each request), and the floor keeps the mean.
     *
     * <p>Credit already earned lowers λ in proportion (to 0 once it is worth a whole step between the mix's two
     * variants): the floor only ever forces the bigger variant, so without this the mean drifts above the target and
     * pays for accuracy nobody asked for (in a simulated day at target 0.66, 38% more carbon than the static mix;
     * with it, 1.5%).
     *
     * @param accuracy           each variant's accuracy
     * @param gco2               each variant's expected emissions now (its plan), same order
     * @param tally              what the stream delivered so far in the window ({@link #current})
     * @param gco2NowPerKwh      intensity now
     * @param expectedGco2PerKwh intensity expected over the window (forecast mean); NaN when unknown (taken as now)
     * @return the index of the variant, or -1 when none reaches the floor
     */
    public int choose(double[] accuracy, double[] gco2, Tally tally, double gco2NowPerKwh,
                      double expectedGco2PerKwh) {
        double floor = floor(tally);
        double credit = tally.accuracySum() - target * tally.served();
        double scale = gco2NowPerKwh > 0 && expectedGco2PerKwh > 0 ? expectedGco2PerKwh / gco2NowPerKwh : 1;
        double[] hull = slopeAtTarget(accuracy, gco2, scale);
        double lambda = hull[1] > 0 ? hull[0] * Math.max(0, 1 - credit / hull[1]) : hull[0];
        int best = -1;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int v = 0; v < accuracy.length; v++) {
            if (accuracy[v] < floor || !Double.isFinite(gco2[v])) {
                continue;
            }
            double value = gco2[v] - lambda * accuracy[v];
            if (value < bestValue - 1e-18 || (Math.abs(value - bestValue) <= 1e-18 && accuracy[v] > accuracy[best])) {
                best = v;
                bestValue = value;
            }
        }
        return best;
    }

    /**
     * The slope (gCO2 per accuracy point, at the expected intensity: {@code gco2 × scale}) of the cheapest pair of
     * variants whose mix meets the target exactly, and the accuracy between them; {0, 0} when one variant alone
     * meets it more cheaply than any mix, or none can.
     */
    private double[] slopeAtTarget(double[] accuracy, double[] gco2, double scale) {
        double bestCost = Double.POSITIVE_INFINITY;
        double slope = 0;
        double gap = 0;
        for (int i = 0; i < accuracy.length; i++) {
            if (accuracy[i] >= target && gco2[i] * scale < bestCost) {
                bestCost = gco2[i] * scale; // a variant alone, at or above the target
                slope = 0;
                gap = 0;
            }
        }
        for (int i = 0; i < accuracy.length; i++) {
            for (int j = 0; j < accuracy.length; j++) {
                if (accuracy[i] < target && accuracy[j] > target) {
                    double p = (target - accuracy[i]) / (accuracy[j] - accuracy[i]); // share of the better one
                    double cost = (p * gco2[j] + (1 - p) * gco2[i]) * scale;
                    if (cost < bestCost) {
                        bestCost = cost;
                        slope = (gco2[j] - gco2[i]) * scale / (accuracy[j] - accuracy[i]);
                        gap = accuracy[j] - accuracy[i];
                    }
                }
            }
        }
        return new double[]{Math.max(0, slope), gap};
    }
}
