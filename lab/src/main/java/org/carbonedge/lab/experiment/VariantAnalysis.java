package org.carbonedge.lab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.core.planning.AccuracyObjective;

/**
 * The variants experiment's figures, from the emission records alone: per device set and workload (always the full
 * model, a per-request accuracy floor, or a mean accuracy objective over windows), gCO2 per inference, its reduction
 * against always running the full model on the same devices, latency, the mean accuracy delivered, the requests
 * served below their floor and, for an objective, how many of its windows held the mean.
 */
public final class VariantAnalysis {

    /** Tolerance of accuracy comparisons (the accuracies are published figures with three decimals). */
    static final double EPS = 1e-9;

    private VariantAnalysis() {
    }

    /**
     * What the requests of one workload ask for: nothing (the full model, the baseline), a per-request floor or a
     * mean objective (its target; the window is the run's).
     */
    public record Workload(Double floor, Double objective) {

        public Workload {
            if (floor != null && objective != null) {
                throw new IllegalArgumentException("a workload has a floor or an objective, not both");
            }
            for (Double v : new Double[]{floor, objective}) {
                if (v != null && !(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException("accuracy must be a share in [0, 1], was " + v);
                }
            }
        }

        public static final Workload FULL = new Workload(null, null);

        public static Workload floor(double value) {
            return new Workload(value, null);
        }

        public static Workload objective(double target) {
            return new Workload(null, target);
        }

        public boolean isFull() {
            return floor == null && objective == null;
        }

        /** {@code baseline=full}, {@code floor=0.70} or {@code objective=0.71}: the key of its machine-readable line. */
        public String key() {
            return isFull() ? "baseline=full" : floor != null ? "floor=" + share(floor) : "objective=" + share(objective);
        }

        /** The request label an objective holds for ({@code tenant=exp-0.71}: distinct for distinct targets); null for the others. */
        public String label() {
            return objective == null ? null : "tenant=exp-" + share(objective);
        }

        /** Two decimals, more when the value has them ({@code 0.70}, {@code 0.695}): keys must not round floors. */
        private static String share(double v) {
            java.math.BigDecimal d = java.math.BigDecimal.valueOf(v).stripTrailingZeros();
            return d.setScale(Math.max(2, d.scale()), java.math.RoundingMode.UNNECESSARY).toPlainString();
        }
    }

    /**
     * One device set and workload.
     *
     * @param devices            the device set's name
     * @param requests           requests sent
     * @param ok                 served (status OK)
     * @param notOk              failed or rejected
     * @param gco2PerInference   mean totalGco2 of those served
     * @param reductionVsFullPct how much less than the full-model workload on the same devices, % (NaN: no baseline)
     * @param latencyMeanMillis  mean end-to-end latency of those served
     * @param latencyP95Millis   95th percentile of it
     * @param accuracyMean       mean accuracy delivered (the record's, else the served model's published one)
     * @param belowFloor         served with less accuracy than their floor (or of unknown accuracy)
     * @param windows            objective: windows with a request served (0 otherwise)
     * @param windowsMet         objective: of those, windows whose mean held the target
     * @param minWindowMean      objective: the lowest window mean (NaN otherwise)
     * @param staticMixGco2      objective: gCO2 per inference of the cheapest static mix of variants whose mean
     *                           accuracy meets the target, each variant at its mean over all this device set's
     *                           records (NaN otherwise, or when no mix meets it)
     * @param vsStaticMixPct     objective: how much less than that mix, % (NaN otherwise)
     * @param windowMixGco2      objective: gCO2 per inference of the cheapest mix that meets the target in every window
     *                           with whole requests: for each window, the cheapest counts of variants for the requests
     *                           it had whose mean meets the target, fixed in advance (it knows each window's count, not
     *                           the intensity); NaN otherwise. The fractional mix above cannot be served in a window of
     *                           a few requests, so this is the static comparator the router could actually be held to
     * @param vsWindowMixPct     objective: how much less than that, % (NaN otherwise)
     * @param mix                served requests by variant (model id)
     */
    public record Row(String devices, Workload workload, int requests, int ok, int notOk, double gco2PerInference,
                      double reductionVsFullPct, double latencyMeanMillis, double latencyP95Millis, double accuracyMean,
                      int belowFloor, int windows, int windowsMet, double minWindowMean, double staticMixGco2,
                      double vsStaticMixPct, double windowMixGco2, double vsWindowMixPct, Map<String, Integer> mix) {
    }

    /**
     * The rows of one device set, in the order of {@code byWorkload}.
     *
     * @param byWorkload each workload's emission records
     * @param accuracyOf the published accuracy of a model id (null when unknown), for records without one (the
     *                   baseline's: a request without a floor names exactly its model)
     * @param objectiveWindow the objectives' window (as the router keeps it, on the records' clock)
     */
    public static List<Row> analyse(String devices, Map<Workload, List<EmissionRecord>> byWorkload,
                                    Function<String, Double> accuracyOf, java.time.Duration objectiveWindow) {
        Double full = null;
        List<EmissionRecord> baseline = byWorkload.get(Workload.FULL);
        if (baseline != null) {
            full = mean(ok(baseline).stream().mapToDouble(EmissionRecord::getTotalGco2).toArray());
        }
        // each variant's mean gCO2 and accuracy over every record of the device set: what a static mix would pay
        Map<String, double[]> perVariant = new TreeMap<>(); // model → {gCO2 sum, accuracy sum, n}
        byWorkload.values().forEach(list -> ok(list).forEach(r -> {
            double[] v = perVariant.computeIfAbsent(r.getModelId(), k -> new double[3]);
            v[0] += r.getTotalGco2();
            v[1] += accuracy(r, accuracyOf);
            v[2]++;
        }));
        List<double[]> variants = perVariant.values().stream().map(v -> new double[]{v[1] / v[2], v[0] / v[2]})
                .filter(v -> !Double.isNaN(v[0])).toList();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Workload, List<EmissionRecord>> e : byWorkload.entrySet()) {
            Workload w = e.getKey();
            List<EmissionRecord> served = ok(e.getValue());
            double[] gco2 = served.stream().mapToDouble(EmissionRecord::getTotalGco2).toArray();
            double[] latency = served.stream().mapToDouble(EmissionRecord::getLatencyMillis).toArray();
            double[] accuracy = served.stream().mapToDouble(r -> accuracy(r, accuracyOf)).toArray();
            double g = mean(gco2);
            double reduction = full == null || !(full > 0) ? Double.NaN : 100 * (full - g) / full;
            int below = 0;
            if (w.floor() != null) {
                for (double a : accuracy) {
                    if (Double.isNaN(a) || a < w.floor() - EPS) {
                        below++;
                    }
                }
            }
            int windows = 0;
            int met = 0;
            double minWindow = Double.NaN;
            double windowMix = Double.NaN;
            if (w.objective() != null) {
                AccuracyObjective objective = new AccuracyObjective(w.objective(), objectiveWindow);
                Map<Long, AccuracyObjective.Tally> tallies = new TreeMap<>();
                for (int i = 0; i < served.size(); i++) {
                    // the router counts a request in the window of its decision, which queueing can put after the
                    // window it was submitted in
                    EmissionRecord r = served.get(i);
                    long start = objective.windowOf(r.getPlannedAt() != null ? r.getPlannedAt() : r.getSubmittedAt());
                    tallies.merge(start, AccuracyObjective.Tally.empty(start).plus(accuracy[i]),
                            (a, b) -> new AccuracyObjective.Tally(start, a.served() + b.served(),
                                    a.accuracySum() + b.accuracySum()));
                }
                double windowMixSum = 0;
                Map<Long, Double> cheapestByCount = new java.util.HashMap<>();
                for (AccuracyObjective.Tally t : tallies.values()) {
                    windowMixSum += cheapestByCount.computeIfAbsent(t.served(),
                            n -> cheapestWholeMix(variants, w.objective(), (int) Math.min(n, MAX_WINDOW_REQUESTS)) * n);
                    windows++;
                    if (t.mean() >= w.objective() - EPS) {
                        met++;
                    }
                    minWindow = Double.isNaN(minWindow) ? t.mean() : Math.min(minWindow, t.mean());
                }
                windowMix = served.isEmpty() ? Double.NaN : windowMixSum / served.size();
            }
            double staticMix = w.objective() == null ? Double.NaN : cheapestStaticMix(variants, w.objective());
            double vsStatic = staticMix > 0 ? 100 * (staticMix - g) / staticMix : Double.NaN;
            double vsWindow = windowMix > 0 ? 100 * (windowMix - g) / windowMix : Double.NaN;
            Map<String, Integer> mix = new TreeMap<>();
            served.forEach(r -> mix.merge(r.getModelId(), 1, Integer::sum));
            rows.add(new Row(devices, w, e.getValue().size(), served.size(), e.getValue().size() - served.size(), g,
                    reduction, mean(latency), percentile(latency, 0.95), mean(accuracy), below, windows, met, minWindow,
                    staticMix, vsStatic, windowMix, vsWindow, mix));
        }
        return rows;
    }

    /**
     * gCO2 per inference of the cheapest fixed mix of {@code variants} ({accuracy, gCO2} each) whose mean accuracy is
     * at least {@code target}: one variant alone, or two in the proportion that meets it exactly; NaN when none can.
     */
    static double cheapestStaticMix(List<double[]> variants, double target) {
        double best = Double.NaN;
        for (double[] a : variants) {
            if (a[0] >= target - EPS && !(a[1] >= best)) {
                best = a[1];
            }
            for (double[] b : variants) {
                if (a[0] < target && b[0] > target) {
                    double p = (target - a[0]) / (b[0] - a[0]); // share of the more accurate one
                    double cost = p * b[1] + (1 - p) * a[1];
                    if (!(cost >= best)) {
                        best = cost;
                    }
                }
            }
        }
        return best;
    }

    /** Windows with more requests are priced as this many (the enumeration grows as n^(variants-1)). */
    static final int MAX_WINDOW_REQUESTS = 60;

    /**
     * gCO2 per inference of the cheapest whole counts of {@code variants} ({accuracy, gCO2} each) for {@code n}
     * requests whose mean accuracy is at least {@code target}; NaN when none can. Exhaustive over the compositions of
     * n (a handful of variants, n at most {@link #MAX_WINDOW_REQUESTS}).
     */
    static double cheapestWholeMix(List<double[]> variants, double target, int n) {
        if (n <= 0 || variants.isEmpty()) {
            return Double.NaN;
        }
        double best = cheapestWholeMix(variants, 0, n, 0, 0, n * target - EPS);
        return Double.isInfinite(best) ? Double.NaN : best / n;
    }

    private static double cheapestWholeMix(List<double[]> variants, int from, int left, double accuracy, double gco2,
                                           double needed) {
        double[] v = variants.get(from);
        if (from == variants.size() - 1) {
            return accuracy + left * v[0] >= needed ? gco2 + left * v[1] : Double.POSITIVE_INFINITY;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= left; k++) {
            best = Math.min(best, cheapestWholeMix(variants, from + 1, left - k, accuracy + k * v[0], gco2 + k * v[1],
                    needed));
        }
        return best;
    }

    /** The accuracy {@code r} was served with: its own, else the served model's published one, else NaN. */
    static double accuracy(EmissionRecord r, Function<String, Double> accuracyOf) {
        if (r.getAccuracy() != null) {
            return r.getAccuracy();
        }
        Double a = accuracyOf.apply(r.getModelId());
        return a == null ? Double.NaN : a;
    }

    /** The machine-readable line of one row. */
    public static String line(String zone, Row r) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "experiment=variants %s gco2_per_inference=%.4g reduction_vs_full_pct=%.2f accuracy_mean=%.4f below_floor=%d",
                r.workload().key(), r.gco2PerInference(), Double.isNaN(r.reductionVsFullPct()) ? 0 : r.reductionVsFullPct(),
                r.accuracyMean(), r.belowFloor()));
        if (r.workload().objective() != null) {
            s.append(String.format(Locale.ROOT, " windows=%d windows_met=%d min_window_accuracy=%.4f"
                            + " static_mix_gco2_per_inference=%.4g vs_static_mix_pct=%.2f"
                            + " window_mix_gco2_per_inference=%.4g vs_window_mix_pct=%.2f", r.windows(), r.windowsMet(),
                    r.minWindowMean(), r.staticMixGco2(), r.vsStaticMixPct(), r.windowMixGco2(), r.vsWindowMixPct()));
        }
        s.append(String.format(Locale.ROOT, " devices=%s zone=%s latency_mean_ms=%.2f latency_p95_ms=%.2f inferences=%d"
                + " not_ok=%d", r.devices(), Objects.requireNonNullElse(zone, "-"), r.latencyMeanMillis(),
                r.latencyP95Millis(), r.ok(), r.notOk()));
        return s.toString();
    }

    private static List<EmissionRecord> ok(List<EmissionRecord> records) {
        return records.stream().filter(r -> r.getStatus() == InferenceStatus.OK).toList();
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return v.length == 0 ? Double.NaN : sum / v.length;
    }

    /** Nearest-rank percentile; NaN when empty. */
    static double percentile(double[] v, double p) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
