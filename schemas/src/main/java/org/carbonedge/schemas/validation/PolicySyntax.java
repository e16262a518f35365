package org.carbonedge.schemas.validation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which policy names a request may carry, checked without the planner: clients and the gateway reject a bad
 * policy before it reaches Kafka, and the router gives the same reason. It accepts exactly what
 * {@code org.carbonedge.core.planning.Policy.parse} accepts (a core test keeps the two in step): the named
 * policies, case-insensitive and trimmed, {@code custom:wR,wL,wP,wB,wC} with five numbers in
 * [0, {@value #MAX_WEIGHT}] not all zero, and null or blank (the default, balanced).
 *
 * <p>Why a maximum weight: only the ratios of the weights matter, but each weight finite is not enough —
 * {@code custom:1e308,1e308,1e308,1e308,1e308} has an infinite sum, every score became NaN and the router job
 * failed. With each weight at most {@value #MAX_WEIGHT} any sum or product of a weight with a term in [0, 1] stays
 * finite; tiny (even subnormal) weights are fine, the planner rescales them.
 */
public final class PolicySyntax {

    /** Policy names accepted besides {@code custom:...}, as written into plans and emission records. */
    public static final List<String> NAMED = List.of("performance", "balanced", "green", "carbon-agnostic",
            "monolithic", "paper-performance", "paper-balanced", "paper-green");

    /** The policy a request without one is routed with. */
    public static final String DEFAULT = "balanced";

    /** Largest accepted custom weight (only ratios matter; this keeps sums and products finite). */
    public static final double MAX_WEIGHT = 1e6;

    private static final String CUSTOM = "custom:";

    private PolicySyntax() {
    }

    /** Why {@code policy} is not a policy name, or empty when it is. */
    public static Optional<String> problem(String policy) {
        if (policy == null || policy.isBlank()) {
            return Optional.empty();
        }
        String s = policy.strip().toLowerCase(Locale.ROOT);
        if (NAMED.contains(s)) {
            return Optional.empty();
        }
        if (!s.startsWith(CUSTOM)) {
            return Optional.of("unknown policy '" + policy + "'; use performance, balanced, green,"
                    + " custom:wR,wL,wP,wB,wC, carbon-agnostic, monolithic, paper-performance, paper-balanced"
                    + " or paper-green");
        }
        String[] parts = s.substring(CUSTOM.length()).split(",");
        if (parts.length != 5) {
            return Optional.of("policy '" + policy + "' needs five weights wR,wL,wP,wB,wC");
        }
        double sum = 0;
        for (String part : parts) {
            double w;
            try {
                w = Double.parseDouble(part.strip());
            } catch (NumberFormatException e) {
                return Optional.of("policy '" + policy + "': '" + part + "' is not a number");
            }
            if (!(w >= 0) || Double.isInfinite(w)) {
                return Optional.of("policy '" + policy + "': weights must be finite and >= 0, '" + part.strip() + "' is not");
            }
            if (w > MAX_WEIGHT) {
                return Optional.of("policy '" + policy + "': weights must be at most " + MAX_WEIGHT + " (only their"
                        + " ratios matter), '" + part.strip() + "' is not");
            }
            sum += w;
        }
        if (sum <= 0) {
            return Optional.of("policy '" + policy + "': at least one weight must be > 0");
        }
        return Optional.empty();
    }

    /** True when {@link #problem} finds nothing. */
    public static boolean isValid(String policy) {
        return problem(policy).isEmpty();
    }
}
