package org.carbonedge.core.planning;

import java.util.ArrayList;
import java.util.List;

import org.carbonedge.core.scoring.CompromiseScorer;
import org.carbonedge.core.scoring.NodeState;
import org.carbonedge.core.scoring.PaperScorer;
import org.carbonedge.core.scoring.Weights;

/**
 * Decides where each part of one inference runs.
 *
 * <p>CarbonEdge's planner ({@link Policy.Kind#PLANNER}) chooses cut points and devices jointly: every plan of one
 * to {@code maxStages} contiguous stages on distinct devices (one stage = monolithic) is scored on five criteria —
 * expected latency (queueing, compute, transfer), expected gCO2 (device energy × the zone's intensity × PUE, plus
 * transfer energy × intensity, plus embodied carbon of the device time), and the time-weighted load, queue length
 * and memory pressure of the devices it uses. Latency and carbon are normalised across this decision's candidates
 * (0 = the best, 1 = the far end of the trade-off, or 5% worse than the best where the trade-off is narrower), the
 * device terms are already fractions in [0, 1] and are taken as they are, and the plan closest to the ideal in the
 * weighted L_p distance wins (compromise programming, p = 2 by default): {@link CompromiseScorer}, which says why.
 * With a latency objective, only plans expected to meet it compete. A stage's time on a device is what the device
 * reported: for the whole model as one session when the stage is the whole model, else the sum of its partitions
 * run as parts (reference time / CPU quota where a device has not run them yet).
 *
 * <p>{@link Policy.Kind#PAPER} is the paper's scorer as published (whole task to the best node);
 * {@link Policy.Kind#MONOLITHIC} is the whole model on the fastest device.
 *
 * <p>Cost: O(C(K−1, k−1)·P(D', k)) plans for K partitions and D' shortlisted devices — 171 for the paper's three
 * devices and eight partitions. Plans of three stages are enumerated only when a bound (two hand-overs and each
 * partition's least time and gCO2 on any device) says one of them could beat the best plan of one or two stages;
 * the device terms are only worked out for plans whose latency and carbon terms alone do not already put them behind
 * the best so far. This class orchestrates one decision; the jobs are in their own classes: {@link DeviceFigures}
 * (per-device rates and times), {@link Pruning} (shortlist of devices, the three-stage bound), {@link CandidatePlans}
 * (enumeration of 1/2/3-stage plans) and {@link CompromiseScorer} (the score). Not thread-safe: it reuses its
 * buffers; use one per thread.
 *
 * <p>It never throws on what devices, manifests and requests report, and never returns a plan with a NaN or
 * infinite figure: the weights are rescaled so the largest is 1 (only their ratios matter; 1e308 each summed to
 * infinity and every score became NaN); a device whose power, embodied carbon, quota, load or zone intensity is not a
 * finite non-negative number, or that cannot run the model in a finite time, is not planned on; observed times that
 * are not finite and positive fall back to the reference; negative task counts count as 0; candidate plans whose
 * latency or gCO2 overflow are dropped. When nothing is left it returns "no plan" (null) and says why in
 * {@link #noPlanReason()}.
 */
public final class Planner {

    private final PlannerConfig config;
    private final PaperScorer paperScorer;
    /** How a plan is scored: {@link CompromiseScorer}. */
    private final CompromiseScorer scorer;
    /** Per-device figures of the decision in progress. */
    private final DeviceFigures dev;
    /** The decision's candidate plans (enumeration). */
    private final CandidatePlans candidates;
    /** The shortlist and the three-stage bound. */
    private final Pruning pruning;

    /** Hop latency of the decision in progress. */
    private double hopMillis;
    /** Why the last {@link #plan} returned null. */
    private String noPlanReason = "";

    public Planner(PlannerConfig config) {
        this.config = config;
        this.paperScorer = new PaperScorer(config.paperLatencyThresholdMillis());
        this.scorer = new CompromiseScorer(config.compromiseNorm());
        this.dev = new DeviceFigures(config);
        this.candidates = new CandidatePlans(dev);
        this.pruning = new Pruning(config.maxCandidateDevices(), dev, candidates, scorer);
    }

    public PlannerConfig config() {
        return config;
    }

    /**
     * Plans one inference.
     *
     * @param policy           the request's policy
     * @param model            the partitioned model
     * @param devices          known devices
     * @param gco2PerKwh       intensity of each device's zone at the expected execution time, same order as devices
     * @param latencySloMillis optional latency objective (null for none)
     * @return the plan, or null ("no plan", {@link #noPlanReason()} says why) when no device is eligible, the model's
     *         figures are unusable or no candidate has finite figures; never an exception for odd inputs
     */
    public Plan plan(Policy policy, ModelView model, List<DeviceView> devices, double[] gco2PerKwh, Double latencySloMillis) {
        return plan(policy, model, devices, gco2PerKwh, latencySloMillis, config.hopLatencyMillis());
    }

    /**
     * Plans one inference with {@code hopLatencyMillis} for handing a tensor from one stage's device to the next
     * (instead of the configured figure); the objective covers the stages and the hops between them.
     */
    public Plan plan(Policy policy, ModelView model, List<DeviceView> devices, double[] gco2PerKwh, Double latencySloMillis,
                     double hopLatencyMillis) {
        return plan(policy, model, devices, gco2PerKwh, null, latencySloMillis, hopLatencyMillis);
    }

    /**
     * Plans one inference knowing how long ago each device reported its load and task count
     * ({@code reportAgeMillis}, same order as devices; null when every report is fresh). A task count is a sample of
     * the moment of the heartbeat: a device that reported one task running and has had time to finish it since is
     * idle now. So a device's queue counts as the work still left of it at decision time ({@link DeviceFigures}),
     * once, in the latency estimate; its smoothed load counts only while such work is left — neither the score nor
     * the load limit holds the work of a moment ago against the greenest idle device.
     */
    public Plan plan(Policy policy, ModelView model, List<DeviceView> devices, double[] gco2PerKwh,
                     double[] reportAgeMillis, Double latencySloMillis, double hopLatencyMillis) {
        this.hopMillis = usable(hopLatencyMillis) ? hopLatencyMillis : config.hopLatencyMillis();
        noPlanReason = "";
        String modelProblem = modelProblem(model);
        if (modelProblem != null) {
            return noPlan(modelProblem);
        }
        int eligible = dev.prepare(model, devices, gco2PerKwh, reportAgeMillis);
        if (eligible == 0) {
            return noPlan("no eligible device among " + devices.size() + " (down, over load " + config.maxLoad()
                    + " with work still queued, short of memory, or reporting figures that are not finite numbers)");
        }
        // only the ratios of the weights matter: rescaled, no sum or product of them overflows
        Weights normalised = policy.weights().normalised();
        Policy scaled = normalised == policy.weights() ? policy : new Policy(policy.name(), policy.kind(), normalised);
        Plan plan = switch (policy.kind()) {
            case PAPER -> paper(scaled, model, devices, gco2PerKwh, eligible);
            case MONOLITHIC -> fastestWhole(scaled, model, devices, eligible);
            case PLANNER -> joint(scaled, model, devices, eligible, latencySloMillis);
        };
        if (plan == null) {
            return noPlan(noPlanReason.isEmpty() ? "no device can hold the model's partitions in its free memory"
                    : noPlanReason);
        }
        return finite(plan) ? plan : noPlan("every candidate plan's expected figures overflow");
    }

    /** Why the last {@link #plan} call returned null ("no plan"); empty after a plan. */
    public String noPlanReason() {
        return noPlanReason;
    }

    private Plan noPlan(String reason) {
        noPlanReason = reason;
        return null;
    }

    /** A finite number &ge; 0. */
    private static boolean usable(double x) {
        return DeviceFigures.usable(x);
    }

    /** Why the model's figures cannot be planned with, or null when they can. */
    private static String modelProblem(ModelView model) {
        long params = 0;
        for (int p = 0; p < model.partitions(); p++) {
            if (!usable(model.referenceMillis()[p])) {
                return "model " + model.modelId() + ": reference time of partition " + p + " is "
                        + model.referenceMillis()[p] + " ms, not a finite number >= 0";
            }
            long par = model.parameterBytes()[p];
            if (par < 0 || model.outputBytes()[p] < 0) {
                return "model " + model.modelId() + ": partition " + p + " has negative parameter or output bytes";
            }
            params += par;
            if (params < 0) {
                return "model " + model.modelId() + ": parameter bytes overflow";
            }
        }
        return null;
    }

    /** Whether every figure of {@code plan} is a finite number &ge; 0. */
    private static boolean finite(Plan plan) {
        if (!usable(plan.expectedLatencyMillis()) || !usable(plan.expectedGco2())) {
            return false;
        }
        for (PlannedStage s : plan.stages()) {
            if (!usable(s.expectedMillis()) || !usable(s.energyJoules()) || !usable(s.gco2())) {
                return false;
            }
        }
        return true;
    }


    // ---- the paper's scorer and the monolithic baseline ----

    private Plan paper(Policy policy, ModelView model, List<DeviceView> devices, double[] gco2PerKwh, int eligible) {
        int k = model.partitions();
        long modelParams = 0;
        for (long p : model.parameterBytes()) {
            modelParams += p;
        }
        List<NodeState> nodes = new ArrayList<>(eligible);
        for (int e = 0; e < eligible; e++) {
            DeviceView d = devices.get(dev.deviceIndex[e]);
            nodes.add(new NodeState(d.deviceId(), d.memoryHeadroom(), d.load(), dev.wholeMillis[e], Math.max(0, d.taskCount()),
                    d.busyWatts(), gco2PerKwh[dev.deviceIndex[e]], d.freeMemoryBytes() >= modelParams));
        }
        int best = paperScorer.best(nodes, policy.weights());
        if (best < 0) {
            noPlanReason = "the paper's scorer found no eligible node among " + eligible + " (load over "
                    + PaperScorer.MAX_LOAD + ", execution time over " + config.paperLatencyThresholdMillis()
                    + " ms or short of memory)";
            return null;
        }
        return wholeOn(policy, model, devices, best, eligible);
    }

    /**
     * The monolithic baseline: the whole model on the device that runs it fastest. Chosen on execution time alone,
     * not on the queue the last heartbeat reported, so the baseline stays on one device (with requests sent one at a
     * time, a heartbeat often still counts the previous request, which made the baseline flip between devices).
     */
    private Plan fastestWhole(Policy policy, ModelView model, List<DeviceView> devices, int eligible) {
        int best = -1;
        double bestMillis = Double.POSITIVE_INFINITY;
        for (int e = 0; e < eligible; e++) {
            double ms = dev.wholeMillis[e];
            if (ms < bestMillis) {
                bestMillis = ms;
                best = e;
            }
        }
        return wholeOn(policy, model, devices, best, eligible);
    }

    private Plan wholeOn(Policy policy, ModelView model, List<DeviceView> devices, int e, int candidates) {
        dev.complete(devices, e);
        int k = model.partitions();
        double ms = dev.wholeMillis[e];
        DeviceView d = devices.get(dev.deviceIndex[e]);
        PlannedStage stage = new PlannedStage(d.deviceId(), d.zone(), 0, k - 1, ms * dev.queueFactor[e],
                ms * dev.joulesPerMilli[e], ms * dev.gramsPerMilli[e], 0);
        return new Plan(policy.name(), List.of(stage), stage.expectedMillis(), stage.gco2(), true, candidates);
    }


    // ---- CarbonEdge's joint planner ----

    /**
     * The joint planner over the shortlist; when no plan fits the shortlisted devices' memory and devices were left
     * out, once more over a shortlist of only the devices that can hold the whole model (the shortlist ranks by time
     * and carbon alone, so it could keep only devices too small for the model while a larger one idled).
     */
    private Plan joint(Policy policy, ModelView model, List<DeviceView> devices, int eligible, Double slo) {
        Plan plan = joint(policy, model, devices, slo, pruning.shortlist(eligible, policy.weights(), 0));
        if (plan != null || eligible <= config.maxCandidateDevices()) {
            return plan;
        }
        long whole = candidates.paramsPrefix(model)[model.partitions()];
        int[] roomy = pruning.shortlist(eligible, policy.weights(), whole);
        return roomy.length == 0 ? null : joint(policy, model, devices, slo, roomy);
    }

    /**
     * Enumerates the plans of one and two stages, scores them, and enumerates and scores the plans of three stages
     * only when the bound says one of them could win.
     */
    private Plan joint(Policy policy, ModelView model, List<DeviceView> devices, Double slo, int[] shortlist) {
        Weights w = policy.weights();
        for (int e : shortlist) {
            dev.complete(devices, e);
        }
        CandidatePlans cand = candidates;
        cand.sloMillis = slo == null ? Double.POSITIVE_INFINITY : slo;
        cand.plans = 0;
        int k = model.partitions();
        int stages = Math.min(config.maxStages(), Math.min(k, shortlist.length));
        cand.ensurePlans(CandidatePlans.maxPlans(shortlist.length, k, stages));
        cand.prepareEnumeration(model, shortlist, hopMillis, config.bandwidthBytesPerMilli());
        cand.enumerateUpToTwoStages(model, shortlist, stages);
        cand.extremes(0);
        int chosen = cand.fastest < 0 ? -1 : choose(w); // the best plan of one or two stages
        if (stages >= 3 && pruning.threeStagesMayWin(w, model, shortlist,
                chosen < 0 ? Double.POSITIVE_INFINITY : scorer.chosenDistance())) {
            int from = cand.plans;
            cand.enumerateThreeStages(model, shortlist);
            cand.extremes(from);
            chosen = cand.fastest < 0 ? -1 : choose(w); // the scale may have moved: choose among all plans again
        }
        if (cand.plans == 0) {
            // no split of the model fits the devices' free memory, or every candidate's figures overflowed
            noPlanReason = "no split of model " + model.modelId() + " fits the free memory of the " + shortlist.length
                    + " candidate device(s) with finite expected latency and gCO2";
            return null;
        }
        if (cand.fastest < 0) {
            return build(policy, model, devices, cand.quickest, false);
        }
        // choose() takes the first plan when every distance is infinite, so chosen is a plan here; fastest if not
        return build(policy, model, devices, chosen < 0 ? cand.fastest : chosen, true);
    }

    private int choose(Weights w) {
        CandidatePlans cand = candidates;
        return scorer.choose(cand.figures, cand.plans, cand.fastest, cand.greenest, cand.sloMillis, w);
    }

    private Plan build(Policy policy, ModelView model, List<DeviceView> devices, int planIndex, boolean sloMet) {
        int k = model.partitions();
        int[] shape = candidates.shape;
        int s = planIndex * 5;
        int c1 = shape[s], c2 = shape[s + 1];
        int[] devs = {shape[s + 2], shape[s + 3], shape[s + 4]};
        int[] bounds = {0, c1 < 0 ? k : c1, c2 < 0 ? k : c2, k};
        List<PlannedStage> stages = new ArrayList<>(3);
        for (int i = 0; i < 3 && devs[i] >= 0; i++) {
            int e = devs[i];
            int from = bounds[i];
            int to = i + 1 < 3 && devs[i + 1] >= 0 ? bounds[i + 1] : k;
            double[] c = dev.cum(model, e);
            double ms = from == 0 && to == k && dev.wholeObserved[e] > 0 ? dev.wholeObserved[e] : c[to] - c[from];
            DeviceView d = devices.get(dev.deviceIndex[e]);
            long out = to < k ? model.outputBytes()[to - 1] : 0;
            stages.add(new PlannedStage(d.deviceId(), d.zone(), from, to - 1, ms * dev.queueFactor[e],
                    ms * dev.joulesPerMilli[e], ms * dev.gramsPerMilli[e] + out * dev.transferGramsPerByte[e], out));
        }
        return new Plan(policy.name(), stages, candidates.latency(planIndex), candidates.grams(planIndex), sloMet,
                candidates.plans);
    }

    /** See {@link CompromiseScorer#norm}. */
    static double norm(double x, double lo, double hi) {
        return CompromiseScorer.norm(x, lo, hi);
    }
}
