package org.carbonedge.core.planning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses what runs as well as where: for a request that names a family and an accuracy floor, every variant at or
 * above the floor is planned (cut × device, by the {@link Planner}), and one plan is chosen across variants by the
 * request's policy. Policies keep their meaning: {@code performance} (and the other speed-first policies) takes the
 * most accurate variant allowed, ties to the faster plan; {@code green} the plan with the lowest expected carbon;
 * every other policy trades carbon against accuracy lost in the ratio of its carbon and performance weights (balanced:
 * even), each figure scaled to [0, 1] over the candidates. A floor never gives way: a variant below it is never
 * planned, and when none at or above it can be planned there is no choice, with the reason.
 *
 * <p>Cost: one planner call per allowed variant (a family has a handful). Not thread-safe (the planner is not).
 */
public final class VariantPlanner {

    /** The variant chosen and its plan. */
    public record Choice(Variant variant, Plan plan) {
    }

    private final Planner planner;
    private String noChoiceReason = "";

    public VariantPlanner(Planner planner) {
        this.planner = planner;
    }

    /** Why the last {@link #choose} returned null. */
    public String noChoiceReason() {
        return noChoiceReason;
    }

    /**
     * The variant and plan for one request, or null ({@link #noChoiceReason()}) when no variant at or above
     * {@code floor} can be planned.
     *
     * @param variants the family's variants, any order
     * @param floor    least accuracy allowed, in [0, 1]
     */
    public Choice choose(Policy policy, List<Variant> variants, double floor, List<DeviceView> devices,
                         double[] gco2PerKwh, double[] reportAgeMillis, Double latencySloMillis,
                         double hopLatencyMillis) {
        List<Choice> candidates = new ArrayList<>(variants.size());
        double best = -1;
        String lastReason = null;
        for (Variant v : variants) {
            best = Math.max(best, v.accuracy());
            if (v.accuracy() < floor) {
                continue;
            }
            Plan p = planner.plan(policy, v.model(), devices, gco2PerKwh, reportAgeMillis, latencySloMillis,
                    hopLatencyMillis);
            if (p != null) {
                candidates.add(new Choice(v, p));
            } else {
                lastReason = v.model().modelId() + ": " + planner.noPlanReason();
            }
        }
        if (candidates.isEmpty()) {
            noChoiceReason = variants.isEmpty() ? "the family has no variant"
                    : best < floor ? String.format(Locale.ROOT, "no variant reaches the accuracy floor %.4f (best %.4f)",
                    floor, best)
                    : "no variant at or above the floor can be planned (" + lastReason + ")";
            return null;
        }
        noChoiceReason = "";
        return switch (policy.name()) {
            case "performance", "monolithic", "carbon-agnostic", "paper-performance" -> mostAccurate(candidates);
            case "green", "paper-green" -> greenest(candidates);
            default -> traded(candidates, carbonShare(policy));
        };
    }

    private static Choice mostAccurate(List<Choice> candidates) {
        Choice best = candidates.get(0);
        for (Choice c : candidates) {
            double a = c.variant().accuracy();
            double b = best.variant().accuracy();
            if (a > b || (a == b && c.plan().expectedLatencyMillis() < best.plan().expectedLatencyMillis())) {
                best = c;
            }
        }
        return best;
    }

    private static Choice greenest(List<Choice> candidates) {
        Choice best = candidates.get(0);
        for (Choice c : candidates) {
            double g = c.plan().expectedGco2();
            double b = best.plan().expectedGco2();
            if (g < b || (g == b && c.variant().accuracy() > best.variant().accuracy())) {
                best = c;
            }
        }
        return best;
    }

    /** Carbon and accuracy lost, each scaled to [0, 1] over the candidates, weighted {@code share : 1 - share}. */
    private static Choice traded(List<Choice> candidates, double share) {
        double minG = Double.POSITIVE_INFINITY;
        double maxG = Double.NEGATIVE_INFINITY;
        double minA = Double.POSITIVE_INFINITY;
        double maxA = Double.NEGATIVE_INFINITY;
        for (Choice c : candidates) {
            minG = Math.min(minG, c.plan().expectedGco2());
            maxG = Math.max(maxG, c.plan().expectedGco2());
            minA = Math.min(minA, c.variant().accuracy());
            maxA = Math.max(maxA, c.variant().accuracy());
        }
        Choice best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (Choice c : candidates) {
            double g = maxG > minG ? (c.plan().expectedGco2() - minG) / (maxG - minG) : 0;
            double lost = maxA > minA ? (maxA - c.variant().accuracy()) / (maxA - minA) : 0;
            double score = share * g + (1 - share) * lost;
            if (score < bestScore || (score == bestScore && c.variant().accuracy() > best.variant().accuracy())) {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /** The policy's carbon weight over its carbon and performance weights (0.5 when both are 0). */
    static double carbonShare(Policy policy) {
        double c = policy.weights().carbon();
        double p = policy.weights().performance();
        return c + p > 0 ? c / (c + p) : 0.5;
    }
}
