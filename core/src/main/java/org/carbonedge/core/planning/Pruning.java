package org.carbonedge.core.planning;

import java.util.Arrays;

import org.carbonedge.core.scoring.CompromiseScorer;
import org.carbonedge.core.scoring.Weights;

import static org.carbonedge.core.scoring.CompromiseScorer.norm;

/**
 * What keeps the {@link Planner}'s search small: the shortlist of devices plans are enumerated over, and the bound
 * that rules out every plan of three stages at once when none of them can beat the best plan of one or two. Not
 * thread-safe: reuses its buffers.
 */
final class Pruning {

    private final int maxCandidateDevices;
    private final DeviceFigures dev;
    private final CandidatePlans candidates;
    private final CompromiseScorer scorer;
    private int[] identity = new int[0];

    Pruning(int maxCandidateDevices, DeviceFigures dev, CandidatePlans candidates, CompromiseScorer scorer) {
        this.maxCandidateDevices = maxCandidateDevices;
        this.dev = dev;
        this.candidates = candidates;
        this.scorer = scorer;
    }

    /**
     * Whether some plan of three stages could still beat the best plan of one or two stages (branch and bound). Every
     * three-stage plan takes at least the two cheapest hand-overs (hop and transfer time) plus, for each partition, its
     * least time on any shortlisted device; emits at least each partition's least gCO2 plus the two smallest tensors'
     * transfer at the lowest rate; and has device terms no lower than the least loaded, least full device's. When
     * that bound is neither the fastest nor the greenest plan (so the normalisation stays as it is) and
     * its distance puts it behind the best plan of one or two stages ({@code bestDistance}), none of the three-stage
     * plans can win.
     */
    boolean threeStagesMayWin(Weights w, ModelView model, int[] devs, double bestDistance) {
        int k = model.partitions();
        // the two cheapest hand-overs and the two smallest tensors sent, at distinct cuts
        double hop1 = Double.POSITIVE_INFINITY, hop2 = Double.POSITIVE_INFINITY;
        long bytes1 = Long.MAX_VALUE, bytes2 = Long.MAX_VALUE;
        long[] out = model.outputBytes();
        CandidatePlans cand = this.candidates;
        for (int c = 1; c < k; c++) {
            double h = cand.hopAt(c);
            if (h < hop1) {
                hop2 = hop1;
                hop1 = h;
            } else if (h < hop2) {
                hop2 = h;
            }
            long b = out[c - 1];
            if (b < bytes1) {
                bytes2 = bytes1;
                bytes1 = b;
            } else if (b < bytes2) {
                bytes2 = b;
            }
        }
        double minTransferRate = Double.POSITIVE_INFINITY, minLoad = Double.POSITIVE_INFINITY,
                minMemory = Double.POSITIVE_INFINITY;
        DeviceFigures df = this.dev;
        double[] queueFactor = df.queueFactor, gramsPerMilli = df.gramsPerMilli;
        for (int dev : devs) {
            minTransferRate = Math.min(minTransferRate, df.transferGramsPerByte[dev]);
            minLoad = Math.min(minLoad, df.load[dev]);
            minMemory = Math.min(minMemory, df.memoryPressure[dev]);
        }
        double minLatency = hop1 + hop2;
        double minGrams = ((double) bytes1 + bytes2) * minTransferRate;
        for (int p = 0; p < k; p++) {
            double lat = Double.POSITIVE_INFINITY, g = Double.POSITIVE_INFINITY;
            for (int i = 0; i < devs.length; i++) {
                double[] cum = cand.cums(i);
                double ms = cum[p + 1] - cum[p];
                lat = Math.min(lat, ms * queueFactor[devs[i]]);
                g = Math.min(g, ms * gramsPerMilli[devs[i]]);
            }
            minLatency += lat;
            minGrams += g;
        }
        double sloMillis = cand.sloMillis;
        if (cand.fastest < 0) {
            // nothing of one or two stages meets the objective: a three-stage plan may, or be the quickest fallback
            return !(minLatency > sloMillis) || cand.quickest < 0 || minLatency < cand.latency(cand.quickest);
        }
        if (minLatency > sloMillis) {
            return false; // a plan that meets the objective exists, and no three-stage plan does
        }
        double idealL = cand.latency(cand.fastest), nadirL = cand.latency(cand.greenest);
        double idealG = cand.grams(cand.greenest), nadirG = cand.grams(cand.fastest);
        // could a three-stage plan be the fastest or the greenest (ties go to the plan recorded first)?
        if (minLatency < idealL || (minLatency == idealL && minGrams < nadirG)
                || minGrams < idealG || (minGrams == idealG && minLatency < nadirL)) {
            return true;
        }
        double bound = scorer.distance(w.performance() * norm(minLatency, idealL, nadirL),
                w.carbon() * norm(minGrams, idealG, nadirG), w.load() * minLoad, w.resources() * minMemory);
        return !(bound - bestDistance > 1e-12);
    }

    /**
     * Keeps at most maxCandidateDevices: the fastest and the greenest whole-model devices, then the best compromise
     * between the two, in two passes over the eligible devices.
     */
    int[] shortlist(int eligible, Weights w, long minFreeBytes) {
        int max = maxCandidateDevices;
        DeviceFigures df = this.dev;
        long[] freeMemory = df.freeMemory;
        double[] wholeMillis = df.wholeMillis, queueFactor = df.queueFactor, gramsPerMilli = df.gramsPerMilli;
        if (minFreeBytes > 0) {
            int n = 0;
            for (int e = 0; e < eligible; e++) {
                if (freeMemory[e] >= minFreeBytes) {
                    n++;
                }
            }
            if (n == 0) {
                return new int[0];
            }
        }
        if (eligible <= max && minFreeBytes <= 0) {
            if (identity.length != eligible) {
                identity = new int[eligible];
                for (int e = 0; e < eligible; e++) {
                    identity[e] = e;
                }
            }
            return identity;
        }
        int[] all = new int[max];
        int fastest = -1;
        int greenest = -1;
        double loMs = Double.MAX_VALUE, hiMs = -Double.MAX_VALUE, loG = Double.MAX_VALUE, hiG = -Double.MAX_VALUE;
        for (int e = 0; e < eligible; e++) {
            if (freeMemory[e] < minFreeBytes) {
                continue;
            }
            double ms = wholeMillis[e] * queueFactor[e];
            double g = wholeMillis[e] * gramsPerMilli[e];
            if (fastest < 0 || ms < loMs) {
                loMs = ms;
                fastest = e;
            }
            if (greenest < 0 || g < loG) {
                loG = g;
                greenest = e;
            }
            hiMs = Math.max(hiMs, ms);
            hiG = Math.max(hiG, g);
        }
        if (max == 1) {
            // room for one: the end of the trade-off the weights lean to (was an index out of bounds)
            return new int[]{w.carbon() > w.performance() ? greenest : fastest};
        }
        int n = 0;
        all[n++] = fastest;
        if (greenest != fastest) {
            all[n++] = greenest;
        }
        // the best remaining compromises, kept sorted by score in a small array
        int slots = max - n;
        if (slots == 0) {
            return all; // the fastest and the greenest fill the shortlist (was an index out of bounds)
        }
        int[] best = new int[slots];
        double[] bestScore = new double[slots];
        int filled = 0;
        double wp = w.performance(), wc = w.carbon();
        for (int e = 0; e < eligible; e++) {
            if (e == fastest || e == greenest || freeMemory[e] < minFreeBytes) {
                continue;
            }
            double s = scorer.distance(wp * norm(wholeMillis[e] * queueFactor[e], loMs, hiMs),
                    wc * norm(wholeMillis[e] * gramsPerMilli[e], loG, hiG), 0, 0);
            if (filled < slots || s < bestScore[filled - 1]) {
                int at = filled < slots ? filled++ : slots - 1;
                while (at > 0 && bestScore[at - 1] > s) {
                    best[at] = best[at - 1];
                    bestScore[at] = bestScore[at - 1];
                    at--;
                }
                best[at] = e;
                bestScore[at] = s;
            }
        }
        for (int i = 0; i < filled; i++) {
            all[n++] = best[i];
        }
        return n == all.length ? all : Arrays.copyOf(all, n);
    }
}
