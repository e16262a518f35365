package org.carbonedge.core.planning;

import java.util.Arrays;

import org.carbonedge.core.scoring.CompromiseScorer;

import static org.carbonedge.core.scoring.CompromiseScorer.FIGURES;
import static org.carbonedge.core.scoring.CompromiseScorer.GRAMS;
import static org.carbonedge.core.scoring.CompromiseScorer.LATENCY;
import static org.carbonedge.core.scoring.CompromiseScorer.LOAD;
import static org.carbonedge.core.scoring.CompromiseScorer.MEMORY;
import static org.carbonedge.core.scoring.CompromiseScorer.TIME;

/**
 * The candidate plans of one decision: every plan of one, two or three contiguous stages on distinct shortlisted
 * devices whose stages fit the devices' free memory, recorded as figures ({@link CompromiseScorer#FIGURES} doubles per
 * plan, the layout {@link CompromiseScorer} reads) and shape (cut1, cut2, dev1, dev2, dev3; -1 unused), plus the
 * quickest plan and the fastest and greenest meeting the latency objective ({@link #extremes}). Partial sums of the
 * earlier stages are hoisted out of the inner loops, so the innermost loop only adds the last stage; buffers are
 * reused across decisions. Not thread-safe.
 */
final class CandidatePlans {

    private final DeviceFigures dev;

    // buffers reused across decisions
    private double[][] cums = new double[8][];
    private long[] paramsOf;
    private long[] paramsPrefix;
    private double[] hopAt = new double[0];

    /** The latency objective of the decision in progress (+∞ for none). */
    double sloMillis;
    /** How many plans are recorded. */
    int plans;
    /** The quickest plan, and the fastest and greenest meeting the objective; -1 for none (see {@link #extremes}). */
    int quickest;
    int fastest;
    int greenest;
    /**
     * The candidates' figures, {@value CompromiseScorer#FIGURES} per plan side by side (one record's stores go to one
     * place): latency, gCO2, device time, and the device-time-weighted sums of load, task count and memory pressure.
     */
    double[] figures = new double[256 * FIGURES];
    int[] shape = new int[256 * 5]; // cut1, cut2, dev1, dev2, dev3 (-1 unused)

    CandidatePlans(DeviceFigures dev) {
        this.dev = dev;
    }

    /** Hop latency into the stage starting at partition c (c &ge; 1), valid after {@link #prepareEnumeration}. */
    double hopAt(int c) {
        return hopAt[c];
    }

    /** Cumulative partition times of the i-th shortlisted device, valid after {@link #prepareEnumeration}. */
    double[] cums(int i) {
        return cums[i];
    }

    /**
     * Hops and cumulative partition times of the shortlisted devices, for the enumerations: every plan of
     * 1..maxStages stages on distinct shortlisted devices is scored, partial sums of the earlier stages hoisted out of
     * the inner loops, so the innermost loop only adds the last stage.
     */
    void prepareEnumeration(ModelView model, int[] devs, double hopMillis, double bandwidth) {
        hopsAt(model, hopMillis, bandwidth);
        if (cums.length < devs.length) {
            cums = new double[devs.length][];
        }
        for (int i = 0; i < devs.length; i++) {
            cums[i] = dev.cum(model, devs[i]);
        }
    }

    /** Plans of one stage (the whole model on one device) and of two. */
    void enumerateUpToTwoStages(ModelView model, int[] devs, int stages) {
        int k = model.partitions();
        int n = devs.length;
        long[] params = paramsPrefix(model);
        long[] out = model.outputBytes();
        double[][] cums = this.cums;
        // locals, so the compiler keeps them in registers across the loops
        DeviceFigures dev = this.dev;
        double[] queue = dev.queueFactor, gpm = dev.gramsPerMilli, tgpb = dev.transferGramsPerByte, ld = dev.load,
                mem = dev.memoryPressure;
        long[] free = dev.freeMemory;
        double[] whole = dev.wholeObserved;
        for (int i = 0; i < n; i++) {
            int a = devs[i];
            if (params[k] <= free[a]) {
                double ms = whole[a] > 0 ? whole[a] : cums[i][k];
                record(ms * queue[a], ms * gpm[a], ms, ms * ld[a], ms * mem[a], -1, -1, a, -1, -1);
            }
        }
        if (stages < 2) {
            return;
        }
        for (int c1 = 1; c1 < k; c1++) {
            long bytes1 = out[c1 - 1];
            double hop1 = hopAt[c1];
            for (int i = 0; i < n; i++) {
                int a = devs[i];
                if (params[c1] > free[a]) {
                    continue;
                }
                double msA = cums[i][c1];
                double latA = msA * queue[a] + hop1;
                double gA = msA * gpm[a] + bytes1 * tgpb[a];
                double loA = msA * ld[a], meA = msA * mem[a];
                for (int j = 0; j < n; j++) {
                    int b = devs[j];
                    // b runs [c1, k)
                    if (j == i || params[k] - params[c1] > free[b]) {
                        continue;
                    }
                    double msB = cums[j][k] - cums[j][c1];
                    record(latA + msB * queue[b], gA + msB * gpm[b], msA + msB,
                            loA + msB * ld[b], meA + msB * mem[b], c1, -1, a, b, -1);
                }
            }
        }
    }

    /**
     * Plans of three stages: a runs [0, c1), b runs [c1, c2), c runs [c2, k).
     *
     * <p>The first two loops and the first stage's sums repeat {@link #enumerateUpToTwoStages} on purpose. Shared,
     * they measured slower: one method for both enumerations (a flag choosing the later stages) is compiled once for
     * both profiles, and its two-stage loop, which runs on every decision, took about a fifth longer once three-stage
     * plans had been enumerated too; a table of first stages filled once per decision cost more to fill than it saved
     * (about a tenth more per decision in {@code bench scorer}).
     */
    void enumerateThreeStages(ModelView model, int[] devs) {
        int k = model.partitions();
        int n = devs.length;
        long[] params = paramsPrefix(model);
        long[] out = model.outputBytes();
        double[][] cums = this.cums;
        DeviceFigures dev = this.dev;
        double[] queue = dev.queueFactor, gpm = dev.gramsPerMilli, tgpb = dev.transferGramsPerByte, ld = dev.load,
                mem = dev.memoryPressure;
        long[] free = dev.freeMemory;
        for (int c1 = 1; c1 < k; c1++) {
            long bytes1 = out[c1 - 1];
            double hop1 = hopAt[c1];
            for (int i = 0; i < n; i++) {
                int a = devs[i];
                if (params[c1] > free[a]) {
                    continue;
                }
                double msA = cums[i][c1];
                double latA = msA * queue[a] + hop1;
                double gA = msA * gpm[a] + bytes1 * tgpb[a];
                double loA = msA * ld[a], meA = msA * mem[a];
                for (int j = 0; j < n; j++) {
                    if (j == i) {
                        continue;
                    }
                    int b = devs[j];
                    double[] cumB = cums[j];
                    double qB = queue[b], gB1 = gpm[b], ldB = ld[b], memB = mem[b];
                    for (int c2 = c1 + 1; c2 < k; c2++) {
                        if (params[c2] - params[c1] > free[b]) {
                            break; // a longer middle stage only needs more memory
                        }
                        long bytes2 = out[c2 - 1];
                        double msB = cumB[c2] - cumB[c1];
                        double latB = latA + msB * qB + hopAt[c2];
                        double gB = gA + msB * gB1 + bytes2 * tgpb[b];
                        double loB = loA + msB * ldB, meB = meA + msB * memB;
                        double timeB = msA + msB;
                        long restParams = params[k] - params[c2];
                        for (int l = 0; l < n; l++) {
                            int c = devs[l];
                            if (l == i || l == j || restParams > free[c]) {
                                continue;
                            }
                            double msC = cums[l][k] - cums[l][c2];
                            record(latB + msC * queue[c], gB + msC * gpm[c], timeB + msC,
                                    loB + msC * ld[c], meB + msC * mem[c], c1, c2, a, b, c);
                        }
                    }
                }
            }
        }
    }

    /** hopAt[c]: the hop into the stage starting at partition c plus sending partition c − 1's output (c &ge; 1). */
    private double[] hopsAt(ModelView model, double hopMillis, double bandwidth) {
        long[] out = model.outputBytes();
        if (hopAt.length < out.length + 1) {
            hopAt = new double[out.length + 1];
        }
        for (int c = 1; c <= out.length; c++) {
            hopAt[c] = hopMillis + out[c - 1] / bandwidth;
        }
        return hopAt;
    }

    /**
     * Records one candidate (capacity was ensured before enumerating). Kept to plain stores, so the compiler inlines
     * it into every enumeration loop; the device terms are derived only for plans that could still win
     * ({@link CompromiseScorer#choose}).
     */
    private void record(double lat, double g, double ms, double lo, double me,
                        int c1, int c2, int a, int b, int c) {
        if (!(lat < Double.POSITIVE_INFINITY && g < Double.POSITIVE_INFINITY && ms < Double.POSITIVE_INFINITY)) {
            return; // overflowed (or NaN): such a plan cannot be compared, and must not be chosen
        }
        int n = plans;
        double[] f = figures;
        int at = n * FIGURES;
        f[at + LATENCY] = lat;
        f[at + GRAMS] = g;
        f[at + TIME] = ms;
        f[at + LOAD] = lo;
        f[at + MEMORY] = me;
        int s = n * 5;
        shape[s] = c1;
        shape[s + 1] = c2;
        shape[s + 2] = a;
        shape[s + 3] = b;
        shape[s + 4] = c;
        plans = n + 1;
    }

    /** Cumulative parameter bytes of the model's partitions (cached while the same model is planned). */
    long[] paramsPrefix(ModelView model) {
        long[] values = model.parameterBytes();
        if (values != paramsOf) {
            long[] p = new long[values.length + 1];
            for (int i = 0; i < values.length; i++) {
                p[i + 1] = p[i] + values[i];
            }
            paramsPrefix = p;
            paramsOf = values;
        }
        return paramsPrefix;
    }

    /** How many plans the enumerations can record at most: 1, 2 and 3 stages on distinct devices. */
    static int maxPlans(int devices, int partitions, int stages) {
        long d = devices;
        long n = d;
        if (stages >= 2) {
            n += (partitions - 1L) * d * (d - 1);
        }
        if (stages >= 3) {
            n += (partitions - 1L) * (partitions - 2) / 2 * d * (d - 1) * (d - 2);
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 8);
    }

    void ensurePlans(int size) {
        if (figures.length >= size * FIGURES) {
            return;
        }
        int c = Math.max(size, figures.length / FIGURES * 2);
        figures = Arrays.copyOf(figures, c * FIGURES);
        shape = Arrays.copyOf(shape, c * 5);
    }

    double latency(int plan) {
        return figures[plan * FIGURES + LATENCY];
    }

    double grams(int plan) {
        return figures[plan * FIGURES + GRAMS];
    }

    /**
     * Finds the quickest plan, and the fastest and the greenest among the plans meeting the objective (ties broken by
     * the other objective, then by the order plans were recorded); -1 where there is none. Plans before {@code from}
     * were looked at already.
     */
    void extremes(int from) {
        double slo = sloMillis;
        int quick = from == 0 ? -1 : quickest, fast = from == 0 ? -1 : fastest, green = from == 0 ? -1 : greenest;
        double quickL = quick < 0 ? 0 : latency(quick), fastL = fast < 0 ? 0 : latency(fast),
                fastG = fast < 0 ? 0 : grams(fast), greenL = green < 0 ? 0 : latency(green),
                greenG = green < 0 ? 0 : grams(green);
        double[] f = figures;
        for (int i = from, at = from * FIGURES; i < plans; i++, at += FIGURES) {
            double lat = f[at + LATENCY];
            double g = f[at + GRAMS];
            if (quick < 0 || lat < quickL) {
                quick = i;
                quickL = lat;
            }
            if (lat <= slo) {
                if (fast < 0 || lat < fastL || (lat == fastL && g < fastG)) {
                    fast = i;
                    fastL = lat;
                    fastG = g;
                }
                if (green < 0 || g < greenG || (g == greenG && lat < greenL)) {
                    green = i;
                    greenL = lat;
                    greenG = g;
                }
            }
        }
        quickest = quick;
        fastest = fast;
        greenest = green;
    }
}
