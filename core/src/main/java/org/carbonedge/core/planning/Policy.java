package org.carbonedge.core.planning;

import java.util.Locale;
import java.util.Optional;

import org.carbonedge.core.scoring.Weights;
import org.carbonedge.schemas.validation.PolicySyntax;

/**
 * A routing policy as users name it on a request: {@code performance}, {@code balanced}, {@code green},
 * {@code custom:wR,wL,wP,wB,wC} and {@code carbon-agnostic} use CarbonEdge's planner; {@code monolithic} runs the
 * whole model on the single fastest device; {@code paper-performance}, {@code paper-balanced} and
 * {@code paper-green} use the paper's scorer exactly as published. {@code performance} and {@code green} plan with the
 * paper's weights for those modes; {@code balanced} with {@link Weights#EVEN} (latency and carbon weighted equally),
 * {@code paper-balanced} with the paper's balanced weights.
 *
 * @param name    the canonical name, as written into plans and emission records
 * @param kind    which algorithm decides
 * @param weights the weights it decides with (unused by MONOLITHIC)
 */
public record Policy(String name, Kind kind, Weights weights) {

    /** Which algorithm a policy uses. */
    public enum Kind { PLANNER, PAPER, MONOLITHIC }

    public static final Policy PERFORMANCE = new Policy("performance", Kind.PLANNER, Weights.PERFORMANCE);
    public static final Policy BALANCED = new Policy("balanced", Kind.PLANNER, Weights.EVEN);
    public static final Policy GREEN = new Policy("green", Kind.PLANNER, Weights.GREEN);
    public static final Policy CARBON_AGNOSTIC = new Policy("carbon-agnostic", Kind.PLANNER, Weights.CARBON_AGNOSTIC);
    public static final Policy MONOLITHIC = new Policy("monolithic", Kind.MONOLITHIC, Weights.PERFORMANCE);
    public static final Policy PAPER_PERFORMANCE = new Policy("paper-performance", Kind.PAPER, Weights.PERFORMANCE);
    public static final Policy PAPER_BALANCED = new Policy("paper-balanced", Kind.PAPER, Weights.BALANCED);
    public static final Policy PAPER_GREEN = new Policy("paper-green", Kind.PAPER, Weights.GREEN);

    /** Parses a policy name; a clear {@link IllegalArgumentException} says what is accepted. */
    public static Policy parse(String text) {
        if (text == null || text.isBlank()) {
            return BALANCED;
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "performance": return PERFORMANCE;
            case "balanced": return BALANCED;
            case "green": return GREEN;
            case "carbon-agnostic": return CARBON_AGNOSTIC;
            case "monolithic": return MONOLITHIC;
            case "paper-performance": return PAPER_PERFORMANCE;
            case "paper-balanced": return PAPER_BALANCED;
            case "paper-green": return PAPER_GREEN;
            default:
                if (s.startsWith("custom:")) {
                    return custom(s.substring("custom:".length()), text);
                }
                throw new IllegalArgumentException("unknown policy '" + text + "'; use performance, balanced, green,"
                        + " custom:wR,wL,wP,wB,wC, carbon-agnostic, monolithic, paper-performance, paper-balanced"
                        + " or paper-green");
        }
    }

    /** A planner policy with explicit weights. */
    public static Policy custom(Weights w) {
        return new Policy("custom:" + w, Kind.PLANNER, w);
    }

    /**
     * A custom policy; {@link PolicySyntax} decides what is accepted, so the router refuses with the very reason
     * clients and the gateway give.
     */
    private static Policy custom(String list, String original) {
        Optional<String> problem = PolicySyntax.problem(original);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        String[] parts = list.split(",");
        double[] w = new double[5];
        for (int i = 0; i < 5; i++) {
            w[i] = Double.parseDouble(parts[i].strip());
        }
        return custom(new Weights(w[0], w[1], w[2], w[3], w[4]));
    }
}
