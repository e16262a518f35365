package org.carbonedge.core.scoring;

import java.util.List;

/**
 * The CarbonEdge paper's scheduler, as published (arXiv 2603.27420), kept as the baseline every experiment
 * compares against. A node's score is S = wR·SR + wL·SL + wP·SP + wB·SB + wC·SC with
 * SL = 1 − load, SP = 1/(1 + T_avg), SB = 1/(1 + 2·tasks), SC = 1/(1 + I·E_est), E_est = P·T_avg / 3,600,000.
 * Nodes with load &gt; 0.8, T_avg over the latency threshold, or without resources are skipped; the best score
 * wins and the whole task goes to it.
 *
 * <p>Units as published: T_avg in the E_est formula is in milliseconds, so E_est is P·T/3.6e6 (which is watt-hours,
 * not kWh as the paper labels it; reproduced as is, since it is why the carbon term barely separates nodes).
 * In SP we take T_avg in seconds, so the term is not ~0 for every node.
 */
public final class PaperScorer {

    /** The paper's load filter. */
    public static final double MAX_LOAD = 0.8;

    private final double latencyThresholdMillis;

    public PaperScorer(double latencyThresholdMillis) {
        this.latencyThresholdMillis = latencyThresholdMillis;
    }

    /** The five terms of one node, in the order R, L, P, B, C. */
    public static double[] terms(NodeState n) {
        double sl = 1 - n.load();
        double sp = 1 / (1 + n.avgExecutionMillis() / 1000.0);
        double sb = 1 / (1 + 2.0 * n.taskCount());
        double eEst = n.powerWatts() * n.avgExecutionMillis() / 3_600_000.0;
        double sc = 1 / (1 + n.gco2PerKwh() * eEst);
        return new double[]{n.resourceScore(), sl, sp, sb, sc};
    }

    /** S of one node under {@code w}. */
    public static double score(NodeState n, Weights w) {
        double[] t = terms(n);
        return w.resources() * t[0] + w.load() * t[1] + w.performance() * t[2] + w.balance() * t[3] + w.carbon() * t[4];
    }

    /**
     * Whether the paper's filters let the node take the task. Beyond the paper, a node whose figures are not numbers
     * the formulas are defined for (NaN or infinite load, a negative or non-finite execution time, power or intensity,
     * a resource score outside [0, 1], a negative task count) is not eligible: its score would be NaN or ±Infinity.
     */
    public boolean eligible(NodeState n) {
        return n.hasResources() && n.load() <= MAX_LOAD && n.avgExecutionMillis() <= latencyThresholdMillis
                && n.load() > Double.NEGATIVE_INFINITY && finiteNonNegative(n.avgExecutionMillis())
                && finiteNonNegative(n.powerWatts()) && finiteNonNegative(n.gco2PerKwh())
                && n.resourceScore() >= 0 && n.resourceScore() <= 1 && n.taskCount() >= 0;
    }

    private static boolean finiteNonNegative(double x) {
        return x >= 0 && x < Double.POSITIVE_INFINITY;
    }

    /**
     * Index of the best eligible node, or -1 when none is eligible. Never throws; scores with the weights rescaled
     * so the largest is 1 (the same ranking as the published formula, since S is linear in the weights, without the
     * overflow of weights like 1e308), and a NaN score never wins.
     */
    public int best(List<NodeState> nodes, Weights weights) {
        Weights w = weights.normalised();
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nodes.size(); i++) {
            NodeState n = nodes.get(i);
            if (!eligible(n)) {
                continue;
            }
            double s = score(n, w);
            if (best < 0 && !Double.isNaN(s) || s > bestScore) {
                bestScore = s;
                best = i;
            }
        }
        return best;
    }
}
