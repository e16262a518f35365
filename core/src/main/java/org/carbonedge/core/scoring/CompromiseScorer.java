package org.carbonedge.core.scoring;

/**
 * How CarbonEdge scores a plan: compromise programming over five criteria, the plan nearest the ideal point wins.
 *
 * <p>A plan's figures are its expected latency, its expected gCO2, and the device-time-weighted load and memory
 * pressure of the devices it uses. Why each term is what it is:
 * <ul>
 *   <li><b>Latency and carbon</b> are normalised between the ideal and the nadir of this decision's Pareto front
 *   (payoff table: the fastest plan's carbon and the greenest plan's latency, exact for two objectives), not the
 *   worst candidate: a plan that splits at a huge activation would otherwise stretch the scale until the real
 *   trade-offs vanish. The span is at least {@link #MIN_SPAN_FRACTION} (5%) of the ideal, so a front narrower
 *   than that is not stretched to the full weight, and an empty one (one plan both fastest and greenest) does not
 *   zero the terms and leave the device terms alone to decide.</li>
 *   <li><b>A device's queue counts once, in the latency estimate</b>, as the wait for the work still left on it at
 *   decision time: there is no separate queue term (the paper's SB, weighted by wB, is in {@link PaperScorer} only).
 *   A second, queue-length term made a plan's carbon decision depend on other traffic: a stale heartbeat that still
 *   counted the previous request's task sent up to 30% of {@code green}'s requests off the greenest idle device in
 *   the paper experiment (issue #19).</li>
 *   <li><b>Device terms</b> (load, memory pressure) are already on an absolute [0, 1] scale and are taken as they
 *   are: stretching them between the best and worst candidate turned differences of a fraction of a percent between
 *   idle devices into full-weight penalties that outweighed carbon. The load is the device's smoothed utilisation
 *   counted only in proportion to the work left on it now (the planner's {@code DeviceFigures}): a device that was
 *   busy a moment ago and is idle now is not penalised for it.</li>
 *   <li><b>Weighted L_p distance</b> (p = 2 by default, compared squared: same order, no square root). A weighted sum
 *   (p = 1) only ever picks the ends of a linear latency/carbon trade-off — why the paper's balanced mode behaves like
 *   performance; p &gt; 1 lands on intermediate plans, so the weights really trade performance for carbon.
 *   p = ∞ is the largest term, ties broken by the sum.</li>
 * </ul>
 * Only plans meeting the latency objective compete; ties within 1e-12 go to the greener, then the faster plan, then
 * the first recorded. Weights are expected {@link Weights#normalised() normalised} (largest 1).
 *
 * <p>The candidates come as one flat array, {@value #FIGURES} doubles per plan (see {@link #LATENCY} etc.), so the
 * scorer allocates nothing. Not thread-safe: it remembers the distance of its last choice.
 */
public final class CompromiseScorer {

    /** Narrowest normalisation span, as a fraction of the ideal value. */
    public static final double MIN_SPAN_FRACTION = 0.05;

    /** Doubles per plan in a figures array, and the offset of each. */
    public static final int FIGURES = 5;
    /** Expected latency, ms. */
    public static final int LATENCY = 0;
    /** Expected gCO2. */
    public static final int GRAMS = 1;
    /** Device time, ms: the weight the next three are sums over. */
    public static final int TIME = 2;
    /** Sum over stages of device time × load. */
    public static final int LOAD = 3;
    /** Sum over stages of device time × memory pressure. */
    public static final int MEMORY = 4;

    private static final int NORM_1 = 1;
    private static final int NORM_2 = 2;
    private static final int NORM_INFINITE = 3;
    private static final int NORM_P = 4;

    private final double exponent;
    private final int normKind;
    private double chosenDistance;

    /** @param p the norm: 1, 2, any p &gt; 0, or {@link Double#POSITIVE_INFINITY} */
    public CompromiseScorer(double p) {
        this.exponent = p;
        this.normKind = p == 1 ? NORM_1 : p == 2 ? NORM_2 : Double.isInfinite(p) ? NORM_INFINITE : NORM_P;
    }

    /**
     * Index of the plan nearest the ideal among the first {@code plans} in {@code f} whose latency is at most
     * {@code slo}, or -1; {@code fastest} and {@code greenest} index the fastest and the greenest of those plans.
     */
    public int choose(double[] f, int plans, int fastest, int greenest, double slo, Weights w) {
        double idealL = f[fastest * FIGURES + LATENCY], nadirL = f[greenest * FIGURES + LATENCY];
        double idealG = f[greenest * FIGURES + GRAMS], nadirG = f[fastest * FIGURES + GRAMS];
        double scaleL = w.performance() * inverseSpan(idealL, nadirL), scaleG = w.carbon() * inverseSpan(idealG, nadirG);
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int i = 0, at = 0; i < plans; i++, at += FIGURES) {
            double lat = f[at + LATENCY];
            if (!(lat <= slo)) {
                continue;
            }
            double g = f[at + GRAMS];
            double p = Math.max(0, lat - idealL) * scaleL;
            double c = Math.max(0, g - idealG) * scaleG;
            // the device terms only add to the distance: a plan already too far on latency and carbon cannot win
            if (partialDistance(p, c) - bestScore > 1e-12) {
                continue;
            }
            double time = f[at + TIME];
            double inv = time > 0 ? 1 / time : 0;
            double s = distance(p, c, w.load() * (f[at + LOAD] * inv), w.resources() * (f[at + MEMORY] * inv));
            if (Double.isNaN(s)) {
                continue;
            }
            if (best < 0 || s < bestScore - 1e-12 || (Math.abs(s - bestScore) <= 1e-12
                    && (g < f[best * FIGURES + GRAMS]
                        || (g == f[best * FIGURES + GRAMS] && lat < f[best * FIGURES + LATENCY])))) {
                bestScore = s;
                best = i;
            }
        }
        chosenDistance = bestScore;
        return best;
    }

    /** Distance to the ideal of the plan {@link #choose} returned last (+∞ when it returned -1). */
    public double chosenDistance() {
        return chosenDistance;
    }

    /** The distance of weighted terms (latency, carbon, load, memory); for p = 2 squared. */
    public double distance(double p, double c, double l, double r) {
        double q = exponent;
        if (q == 1) {
            return p + c + l + r;
        }
        if (q == 2) {
            return p * p + c * c + l * l + r * r; // squared L2: same order, no sqrt
        }
        if (Double.isInfinite(q)) {
            return Math.max(Math.max(p, c), Math.max(l, r)) + 1e-6 * (p + c + l + r);
        }
        return Math.pow(p, q) + Math.pow(c, q) + Math.pow(l, q) + Math.pow(r, q);
    }

    /** A lower bound of {@link #distance} from its latency and carbon terms alone (the other terms are &ge; 0). */
    public double partialDistance(double p, double c) {
        return switch (normKind) {
            case NORM_1 -> p + c;
            case NORM_2 -> p * p + c * c;
            case NORM_INFINITE -> Math.max(p, c) + 1e-6 * (p + c);
            default -> Math.pow(p, exponent) + Math.pow(c, exponent);
        };
    }

    /**
     * (x − lo) / span, floored at 0, with span = max(hi − lo, {@link #MIN_SPAN_FRACTION}·|lo|): when one plan is both
     * the fastest and the greenest, a plan 50% slower and three times dirtier still pays for it. 0 when lo and hi are
     * both 0 (the term does not separate candidates).
     */
    public static double norm(double x, double lo, double hi) {
        return Math.max(0, x - lo) * inverseSpan(lo, hi);
    }

    /** 1 / span of {@link #norm}, or 0 when the span is 0. */
    public static double inverseSpan(double lo, double hi) {
        double span = Math.max(hi - lo, MIN_SPAN_FRACTION * Math.abs(lo));
        return span > 0 ? 1 / span : 0;
    }
}
