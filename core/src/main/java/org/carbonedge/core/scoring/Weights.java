package org.carbonedge.core.scoring;

/**
 * Weights of the five scoring terms: resources (wR), load (wL), performance (wP), balance (wB) and carbon (wC).
 * The three presets {@link #PERFORMANCE}, {@link #BALANCED} and {@link #GREEN} are the CarbonEdge paper's
 * (arXiv 2603.27420); {@link #EVEN} is CarbonEdge's own balanced mode. wB weighs the queue length (the paper's SB)
 * in {@link PaperScorer} only: CarbonEdge's planner counts a device's queue once, in the latency estimate
 * ({@link CompromiseScorer}).
 */
public record Weights(double resources, double load, double performance, double balance, double carbon) {

    public static final Weights PERFORMANCE = new Weights(0.25, 0.25, 0.30, 0.15, 0.05);
    public static final Weights BALANCED = new Weights(0.20, 0.20, 0.15, 0.15, 0.30);
    public static final Weights GREEN = new Weights(0.15, 0.15, 0.10, 0.10, 0.50);
    /**
     * CarbonEdge's balanced mode: the paper's balanced weights for the device terms, and its performance + carbon
     * share (0.45) split evenly between latency and carbon. The paper's balanced weights count carbon twice as much
     * as latency, so on a normalised trade-off they land next to green; with equal weights the planner picks the
     * compromise plan between the fastest and the greenest.
     */
    public static final Weights EVEN = new Weights(0.20, 0.20, 0.225, 0.15, 0.225);
    /** Performance with the carbon term removed: routing as a carbon-agnostic scheduler would. */
    public static final Weights CARBON_AGNOSTIC = new Weights(0.25, 0.25, 0.30, 0.15, 0.0);

    public Weights {
        for (double w : new double[]{resources, load, performance, balance, carbon}) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and >= 0, were " + resources + "," + load
                        + "," + performance + "," + balance + "," + carbon);
            }
        }
        if (resources + load + performance + balance + carbon <= 0) {
            throw new IllegalArgumentException("at least one weight must be > 0");
        }
    }

    /**
     * The same weights divided by the largest, so each is in [0, 1] and the largest is 1. Only the ratios of the
     * weights decide (scores are homogeneous in them), so the choice is unchanged; the scale is not: five weights of
     * 1e308 each are finite, but their sum and their products with terms over 1 are not, and made every score NaN.
     * Scorers compute with these.
     */
    public Weights normalised() {
        double max = Math.max(Math.max(Math.max(resources, load), Math.max(performance, balance)), carbon);
        if (max == 1) {
            return this;
        }
        return new Weights(resources / max, load / max, performance / max, balance / max, carbon / max);
    }

    /**
     * The sweep point of the experiments: carbon weight {@code wc}, the other four scaled from {@code base} so that
     * all five sum to 1.
     */
    public static Weights sweep(Weights base, double wc) {
        if (wc < 0 || wc > 1) {
            throw new IllegalArgumentException("carbon weight must be in [0, 1], was " + wc);
        }
        double rest = base.resources + base.load + base.performance + base.balance;
        double k = rest == 0 ? 0 : (1 - wc) / rest;
        return new Weights(base.resources * k, base.load * k, base.performance * k, base.balance * k, wc);
    }

    @Override
    public String toString() {
        return resources + "," + load + "," + performance + "," + balance + "," + carbon;
    }
}
