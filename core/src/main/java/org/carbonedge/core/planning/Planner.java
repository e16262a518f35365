package org.carbonedge.core.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.carbonedge.core.carbon.Carbon;
import org.carbonedge.core.energy.EnergyModel;
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
 * weighted L_p distance wins (compromise programming, p = 2 by default). A weighted sum (p = 1) only ever picks the ends of a linear
 * latency/carbon trade-off — the reason the paper's balanced mode behaves like performance; p &gt; 1 lands on
 * intermediate plans, so the weights really trade performance for carbon. With a latency objective, only plans
 * expected to meet it compete. A stage's time on a device is what the device reported: for the whole model as one
 * session when the stage is the whole model, else the sum of its partitions run as parts (reference time / CPU
 * quota where a device has not run them yet).
 *
 * <p>{@link Policy.Kind#PAPER} is the paper's scorer as published (whole task to the best node);
 * {@link Policy.Kind#MONOLITHIC} is the whole model on the fastest device.
 *
 * <p>Cost: O(C(K−1, k−1)·P(D', k)) plans for K partitions and D' shortlisted devices — 171 for the paper's three
 * devices and eight partitions. Plans of three stages are enumerated only when a bound (two hand-overs and each
 * partition's least time and gCO2 on any device) says one of them could beat the best plan of one or two stages;
 * the device terms are only worked out for plans whose latency and carbon terms alone do not already put them behind
 * the best so far. Not thread-safe: it reuses its buffers; use one per thread.
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

    // per eligible device, rebuilt every decision (O(1) each; cumulative times only for shortlisted devices)
    private int[] deviceIndex = new int[8];
    private double[][] observedOf = new double[8][];
    private double[] wholeMillis = new double[8];
    /** Observed whole-model time (one session), or 0 when the device never ran the model whole. */
    private double[] wholeObserved = new double[8];
    private double[][] cumMillis = new double[8][];
    /** Whether cumMillis[e] holds this decision's figures (its buffer is reused across decisions). */
    private boolean[] cumReady = new boolean[8];
    private double[] queueFactor = new double[8];
    private double[] gramsPerMilli = new double[8];
    private double[] joulesPerMilli = new double[8];
    private double[] transferGramsPerByte = new double[8];
    private double[] load = new double[8];
    private double[] tasks = new double[8];
    private double[] memoryPressure = new double[8];
    private long[] freeMemory = new long[8];
    private double[] quota = new double[8];
    private double[] intensityOf = new double[8];

    /** Hop latency of the decision in progress. */
    private double hopMillis;
    /** Why the last {@link #plan} returned null. */
    private String noPlanReason = "";

    // buffers reused across decisions
    private int[] identity = new int[0];
    private double[][] cums = new double[8][];
    private long[] paramsOf;
    private long[] paramsPrefix;
    private double[] hopAt = new double[0];

    // the decision in progress: how terms combine, the latency objective
    private final int normKind;
    private double sloMillis;

    // per candidate plan; the quickest plan, and the fastest and greenest meeting the objective (see extremes())
    private int plans;
    /** Distance to the ideal of the plan {@link #choose} returned last. */
    private double chosenDistance;
    private int fastest;
    private int greenest;
    private int quickest;
    /**
     * The candidates' figures, {@value #FIGURES} per plan side by side (one record's stores go to one place): latency,
     * gCO2, device time, and the device-time-weighted sums of load, task count and memory pressure.
     */
    private double[] figures = new double[256 * FIGURES];
    private int[] shape = new int[256 * 5]; // cut1, cut2, dev1, dev2, dev3 (-1 unused)

    /**
     * Narrowest scale latency and carbon are normalised over, as a fraction of the ideal value: a front narrower than
     * 5% is not stretched to the full weight, and an empty one (one plan fastest and greenest) does not zero them.
     */
    static final double MIN_SPAN_FRACTION = 0.05;

    private static final int FIGURES = 6;
    private static final int LATENCY = 0;
    private static final int GRAMS = 1;
    private static final int TIME = 2;
    private static final int LOAD = 3;
    private static final int TASKS = 4;
    private static final int MEMORY = 5;

    private static final int NORM_1 = 1;
    private static final int NORM_2 = 2;
    private static final int NORM_INFINITE = 3;
    private static final int NORM_P = 4;

    public Planner(PlannerConfig config) {
        this.config = config;
        double q = config.compromiseNorm();
        this.normKind = q == 1 ? NORM_1 : q == 2 ? NORM_2 : Double.isInfinite(q) ? NORM_INFINITE : NORM_P;
        this.paperScorer = new PaperScorer(config.paperLatencyThresholdMillis());
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
        this.hopMillis = usable(hopLatencyMillis) ? hopLatencyMillis : config.hopLatencyMillis();
        noPlanReason = "";
        String modelProblem = modelProblem(model);
        if (modelProblem != null) {
            return noPlan(modelProblem);
        }
        int eligible = prepare(model, devices, gco2PerKwh);
        if (eligible == 0) {
            return noPlan("no eligible device among " + devices.size() + " (down, over load " + config.maxLoad()
                    + ", short of memory, or reporting figures that are not finite numbers)");
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
        return x >= 0 && x < Double.POSITIVE_INFINITY;
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

    // ---- preparation: per-device cost rates and cumulative partition times ----

    /**
     * One pass over the devices computing only what ranking them needs (eligibility, whole-model time, carbon rate);
     * the rest of a device's figures are filled in by {@link #complete} for the few devices that get planned on.
     */
    private int prepare(ModelView model, List<DeviceView> devices, double[] gco2PerKwh) {
        long minParams = Long.MAX_VALUE;
        for (long par : model.parameterBytes()) {
            minParams = Math.min(minParams, par);
        }
        double referenceTotal = model.referenceTotalMillis();
        String modelId = model.modelId();
        double pue = config.pue();
        double maxLoad = config.maxLoad();
        ensureDevices(devices.size());
        int n = 0;
        for (int i = 0; i < devices.size(); i++) {
            DeviceView d = devices.get(i);
            double q = d.cpuQuota();
            double jpm = d.busyWatts() / 1000.0;
            double intensity = gco2PerKwh[i];
            double embodied = d.embodiedGco2PerSecond();
            // NaN fails every comparison: written so that a NaN figure makes the device ineligible
            if (!d.up() || !(d.load() <= maxLoad) || d.freeMemoryBytes() < minParams || !(q > 0)
                    || !usable(q) || !usable(jpm) || !usable(intensity) || !usable(embodied)) {
                continue;
            }
            Map<String, double[]> byModel = d.observedMillis();
            double[] observed = byModel == null || byModel.isEmpty() ? null : byModel.get(modelId);
            if (observed != null && observed.length != referenceLength(model)) {
                observed = null;
            }
            Double asOne = d.observedWholeMillis() == null ? null : d.observedWholeMillis().get(modelId);
            double wholeObs = asOne != null && asOne > 0 && asOne < Double.POSITIVE_INFINITY ? asOne : 0;
            double whole = wholeObs > 0 ? wholeObs
                    : observed == null ? referenceTotal / q : cumulative(model, observed, q, null);
            double gpm = Carbon.grams(jpm, intensity, pue) + embodied / 1000.0;
            if (!usable(whole) || !usable(gpm) || !usable(whole * jpm) || !usable(whole * gpm)) {
                continue; // cannot run the model in a finite time, or its energy or carbon overflows
            }
            observedOf[n] = observed;
            wholeObserved[n] = wholeObs;
            quota[n] = q;
            wholeMillis[n] = whole;
            cumReady[n] = false;
            deviceIndex[n] = i;
            intensityOf[n] = intensity;
            queueFactor[n] = 1.0 + Math.max(0, d.taskCount()); // in doubles: 1 + Integer.MAX_VALUE wrapped negative
            joulesPerMilli[n] = jpm;
            gramsPerMilli[n] = gpm;
            freeMemory[n] = d.freeMemoryBytes();
            n++;
        }
        return n;
    }

    private static int referenceLength(ModelView model) {
        return model.referenceMillis().length;
    }

    /** Fills in the figures enumeration needs for eligible device {@code e}. */
    private void complete(List<DeviceView> devices, int e) {
        DeviceView d = devices.get(deviceIndex[e]);
        transferGramsPerByte[e] = EnergyModel.transferKwhPerByte(config.kwhPerGigabyte()) * intensityOf[e];
        load[e] = Math.max(0, d.load());
        tasks[e] = Math.max(0, d.taskCount());
        memoryPressure[e] = 1 - d.memoryHeadroom();
        freeMemory[e] = d.freeMemoryBytes();
    }

    /** Execution time of each partition on a device: observed where reported, else reference / quota. */
    private static double cumulative(ModelView model, double[] observed, double cpuQuota, double[] cum) {
        double[] reference = model.referenceMillis();
        double total = 0;
        for (int p = 0; p < reference.length; p++) {
            double t = observed != null && observed[p] > 0 && observed[p] < Double.POSITIVE_INFINITY ? observed[p]
                    : reference[p] / cpuQuota;
            total += t;
            if (cum != null) {
                cum[p + 1] = total;
            }
        }
        return total;
    }

    /** Cumulative partition times of eligible device {@code e}, computed on first use in a decision. */
    private double[] cum(ModelView model, int e) {
        double[] c = cumMillis[e];
        if (!cumReady[e]) {
            if (c == null || c.length != model.partitions() + 1) {
                c = new double[model.partitions() + 1];
                cumMillis[e] = c;
            }
            cumulative(model, observedOf[e], quota[e], c);
            cumReady[e] = true;
        }
        return c;
    }

    private void ensureDevices(int size) {
        if (deviceIndex.length >= size) {
            return;
        }
        int c = Math.max(size, deviceIndex.length * 2);
        deviceIndex = Arrays.copyOf(deviceIndex, c);
        observedOf = Arrays.copyOf(observedOf, c);
        wholeMillis = Arrays.copyOf(wholeMillis, c);
        wholeObserved = Arrays.copyOf(wholeObserved, c);
        quota = Arrays.copyOf(quota, c);
        intensityOf = Arrays.copyOf(intensityOf, c);
        cumMillis = Arrays.copyOf(cumMillis, c);
        cumReady = Arrays.copyOf(cumReady, c);
        queueFactor = Arrays.copyOf(queueFactor, c);
        gramsPerMilli = Arrays.copyOf(gramsPerMilli, c);
        joulesPerMilli = Arrays.copyOf(joulesPerMilli, c);
        transferGramsPerByte = Arrays.copyOf(transferGramsPerByte, c);
        load = Arrays.copyOf(load, c);
        tasks = Arrays.copyOf(tasks, c);
        memoryPressure = Arrays.copyOf(memoryPressure, c);
        freeMemory = Arrays.copyOf(freeMemory, c);
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
            DeviceView d = devices.get(deviceIndex[e]);
            nodes.add(new NodeState(d.deviceId(), d.memoryHeadroom(), d.load(), wholeMillis[e], Math.max(0, d.taskCount()),
                    d.busyWatts(), gco2PerKwh[deviceIndex[e]], d.freeMemoryBytes() >= modelParams));
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
            double ms = wholeMillis[e];
            if (ms < bestMillis) {
                bestMillis = ms;
                best = e;
            }
        }
        return wholeOn(policy, model, devices, best, eligible);
    }

    private Plan wholeOn(Policy policy, ModelView model, List<DeviceView> devices, int e, int candidates) {
        complete(devices, e);
        int k = model.partitions();
        double ms = wholeMillis[e];
        DeviceView d = devices.get(deviceIndex[e]);
        PlannedStage stage = new PlannedStage(d.deviceId(), d.zone(), 0, k - 1, ms * queueFactor[e],
                ms * joulesPerMilli[e], ms * gramsPerMilli[e], 0);
        return new Plan(policy.name(), List.of(stage), stage.expectedMillis(), stage.gco2(), true, candidates);
    }

    // ---- CarbonEdge's joint planner ----

    /**
     * The joint planner over the shortlist; when no plan fits the shortlisted devices' memory and devices were left
     * out, once more over a shortlist of only the devices that can hold the whole model (the shortlist ranks by time
     * and carbon alone, so it could keep only devices too small for the model while a larger one idled).
     */
    private Plan joint(Policy policy, ModelView model, List<DeviceView> devices, int eligible, Double slo) {
        Plan plan = joint(policy, model, devices, eligible, slo, shortlist(eligible, policy.weights(), 0));
        if (plan != null || eligible <= config.maxCandidateDevices()) {
            return plan;
        }
        long whole = paramsPrefix(model)[model.partitions()];
        int[] roomy = shortlist(eligible, policy.weights(), whole);
        return roomy.length == 0 ? null : joint(policy, model, devices, eligible, slo, roomy);
    }

    private Plan joint(Policy policy, ModelView model, List<DeviceView> devices, int eligible, Double slo, int[] shortlist) {
        Weights w = policy.weights();
        for (int e : shortlist) {
            complete(devices, e);
        }
        sloMillis = slo == null ? Double.POSITIVE_INFINITY : slo;
        plans = 0;
        int k = model.partitions();
        int stages = Math.min(config.maxStages(), Math.min(k, shortlist.length));
        ensurePlans(maxPlans(shortlist.length, k, stages));
        prepareEnumeration(model, shortlist);
        enumerateUpToTwoStages(model, shortlist, stages);
        extremes(0);
        int chosen = fastest < 0 ? -1 : choose(w); // the best plan of one or two stages
        if (stages >= 3 && threeStagesMayWin(w, model, shortlist, chosen < 0 ? Double.POSITIVE_INFINITY : chosenDistance)) {
            int from = plans;
            enumerateThreeStages(model, shortlist);
            extremes(from);
            chosen = fastest < 0 ? -1 : choose(w); // the scale may have moved: choose among all plans again
        }
        if (plans == 0) {
            // no split of the model fits the devices' free memory, or every candidate's figures overflowed
            noPlanReason = "no split of model " + model.modelId() + " fits the free memory of the " + shortlist.length
                    + " candidate device(s) with finite expected latency and gCO2";
            return null;
        }
        if (fastest < 0) {
            return build(policy, model, devices, quickest, false);
        }
        // choose() takes the first plan when every distance is infinite, so chosen is a plan here; fastest if not
        return build(policy, model, devices, chosen < 0 ? fastest : chosen, true);
    }

    /**
     * Whether some plan of three stages could still beat the best plan of one or two stages (branch and bound). Every
     * three-stage plan takes at least the two cheapest hand-overs (hop and transfer time) plus, for each partition, its
     * least time on any shortlisted device; emits at least each partition's least gCO2 plus the two smallest tensors'
     * transfer at the lowest rate; and has device terms no lower than the least loaded, least queued, least full
     * device's. When that bound is neither the fastest nor the greenest plan (so the normalisation stays as it is) and
     * its distance puts it behind the best plan of one or two stages ({@code bestDistance}), none of the three-stage
     * plans can win.
     */
    private boolean threeStagesMayWin(Weights w, ModelView model, int[] devs, double bestDistance) {
        int k = model.partitions();
        // the two cheapest hand-overs and the two smallest tensors sent, at distinct cuts
        double hop1 = Double.POSITIVE_INFINITY, hop2 = Double.POSITIVE_INFINITY;
        long bytes1 = Long.MAX_VALUE, bytes2 = Long.MAX_VALUE;
        long[] out = model.outputBytes();
        for (int c = 1; c < k; c++) {
            double h = hopAt[c];
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
                minTasks = Double.POSITIVE_INFINITY, minMemory = Double.POSITIVE_INFINITY;
        for (int dev : devs) {
            minTransferRate = Math.min(minTransferRate, transferGramsPerByte[dev]);
            minLoad = Math.min(minLoad, load[dev]);
            minTasks = Math.min(minTasks, tasks[dev]);
            minMemory = Math.min(minMemory, memoryPressure[dev]);
        }
        double minLatency = hop1 + hop2;
        double minGrams = ((double) bytes1 + bytes2) * minTransferRate;
        for (int p = 0; p < k; p++) {
            double lat = Double.POSITIVE_INFINITY, g = Double.POSITIVE_INFINITY;
            for (int i = 0; i < devs.length; i++) {
                double ms = cums[i][p + 1] - cums[i][p];
                lat = Math.min(lat, ms * queueFactor[devs[i]]);
                g = Math.min(g, ms * gramsPerMilli[devs[i]]);
            }
            minLatency += lat;
            minGrams += g;
        }
        if (fastest < 0) {
            // nothing of one or two stages meets the objective: a three-stage plan may, or be the quickest fallback
            return !(minLatency > sloMillis) || quickest < 0 || minLatency < latency(quickest);
        }
        if (minLatency > sloMillis) {
            return false; // a plan that meets the objective exists, and no three-stage plan does
        }
        double idealL = latency(fastest), nadirL = latency(greenest);
        double idealG = grams(greenest), nadirG = grams(fastest);
        // could a three-stage plan be the fastest or the greenest (ties go to the plan recorded first)?
        if (minLatency < idealL || (minLatency == idealL && minGrams < nadirG)
                || minGrams < idealG || (minGrams == idealG && minLatency < nadirL)) {
            return true;
        }
        double bound = distance(w.performance() * norm(minLatency, idealL, nadirL),
                w.carbon() * norm(minGrams, idealG, nadirG), w.load() * minLoad, w.balance() * queueTerm(minTasks),
                w.resources() * minMemory);
        return !(bound - bestDistance > 1e-12);
    }

    /**
     * Keeps at most maxCandidateDevices: the fastest and the greenest whole-model devices, then the best compromise
     * between the two, in two passes over the eligible devices.
     */
    private int[] shortlist(int eligible, Weights w, long minFreeBytes) {
        int max = config.maxCandidateDevices();
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
            double s = distance(wp * norm(wholeMillis[e] * queueFactor[e], loMs, hiMs),
                    wc * norm(wholeMillis[e] * gramsPerMilli[e], loG, hiG), 0, 0, 0);
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



    /**
     * Hops and cumulative partition times of the shortlisted devices, for the enumerations: every plan of
     * 1..maxStages stages on distinct shortlisted devices is scored, partial sums of the earlier stages hoisted out of
     * the inner loops, so the innermost loop only adds the last stage.
     */
    private void prepareEnumeration(ModelView model, int[] devs) {
        hopsAt(model);
        if (cums.length < devs.length) {
            cums = new double[devs.length][];
        }
        for (int i = 0; i < devs.length; i++) {
            cums[i] = cum(model, devs[i]);
        }
    }

    /** Plans of one stage (the whole model on one device) and of two. */
    private void enumerateUpToTwoStages(ModelView model, int[] devs, int stages) {
        int k = model.partitions();
        int n = devs.length;
        long[] params = paramsPrefix(model);
        long[] out = model.outputBytes();
        double[][] cums = this.cums;
        // locals, so the compiler keeps them in registers across the loops
        double[] queue = queueFactor, gpm = gramsPerMilli, tgpb = transferGramsPerByte, ld = load, tk = tasks,
                mem = memoryPressure;
        long[] free = freeMemory;
        for (int i = 0; i < n; i++) {
            int a = devs[i];
            if (params[k] <= free[a]) {
                double ms = wholeObserved[a] > 0 ? wholeObserved[a] : cums[i][k];
                record(ms * queue[a], ms * gpm[a], ms, ms * ld[a], ms * tk[a], ms * mem[a], -1, -1, a, -1, -1);
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
                double loA = msA * ld[a], taA = msA * tk[a], meA = msA * mem[a];
                for (int j = 0; j < n; j++) {
                    int b = devs[j];
                    // b runs [c1, k)
                    if (j == i || params[k] - params[c1] > free[b]) {
                        continue;
                    }
                    double msB = cums[j][k] - cums[j][c1];
                    record(latA + msB * queue[b], gA + msB * gpm[b], msA + msB,
                            loA + msB * ld[b], taA + msB * tk[b], meA + msB * mem[b], c1, -1, a, b, -1);
                }
            }
        }
    }

    /** Plans of three stages: a runs [0, c1), b runs [c1, c2), c runs [c2, k). */
    private void enumerateThreeStages(ModelView model, int[] devs) {
        int k = model.partitions();
        int n = devs.length;
        long[] params = paramsPrefix(model);
        long[] out = model.outputBytes();
        double[][] cums = this.cums;
        double[] queue = queueFactor, gpm = gramsPerMilli, tgpb = transferGramsPerByte, ld = load, tk = tasks,
                mem = memoryPressure;
        long[] free = freeMemory;
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
                double loA = msA * ld[a], taA = msA * tk[a], meA = msA * mem[a];
                for (int j = 0; j < n; j++) {
                    if (j == i) {
                        continue;
                    }
                    int b = devs[j];
                    double[] cumB = cums[j];
                    double qB = queue[b], gB1 = gpm[b], ldB = ld[b], tkB = tk[b], memB = mem[b];
                    for (int c2 = c1 + 1; c2 < k; c2++) {
                        if (params[c2] - params[c1] > free[b]) {
                            break; // a longer middle stage only needs more memory
                        }
                        long bytes2 = out[c2 - 1];
                        double msB = cumB[c2] - cumB[c1];
                        double latB = latA + msB * qB + hopAt[c2];
                        double gB = gA + msB * gB1 + bytes2 * tgpb[b];
                        double loB = loA + msB * ldB, taB = taA + msB * tkB, meB = meA + msB * memB;
                        double timeB = msA + msB;
                        long restParams = params[k] - params[c2];
                        for (int l = 0; l < n; l++) {
                            int c = devs[l];
                            if (l == i || l == j || restParams > free[c]) {
                                continue;
                            }
                            double msC = cums[l][k] - cums[l][c2];
                            record(latB + msC * queue[c], gB + msC * gpm[c], timeB + msC,
                                    loB + msC * ld[c], taB + msC * tk[c], meB + msC * mem[c], c1, c2, a, b, c);
                        }
                    }
                }
            }
        }
    }

    /** hopAt[c]: the hop into the stage starting at partition c plus sending partition c − 1's output (c &ge; 1). */
    private double[] hopsAt(ModelView model) {
        long[] out = model.outputBytes();
        if (hopAt.length < out.length + 1) {
            hopAt = new double[out.length + 1];
        }
        double bandwidth = config.bandwidthBytesPerMilli();
        for (int c = 1; c <= out.length; c++) {
            hopAt[c] = hopMillis + out[c - 1] / bandwidth;
        }
        return hopAt;
    }

    /**
     * Records one candidate (capacity was ensured before enumerating). Kept to plain stores, so the compiler inlines
     * it into every enumeration loop; the device terms are derived only for plans that could still win
     * ({@link #choose}).
     */
    private void record(double lat, double g, double ms, double lo, double ta, double me,
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
        f[at + TASKS] = ta;
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
    private long[] paramsPrefix(ModelView model) {
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
    private static int maxPlans(int devices, int partitions, int stages) {
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

    private void ensurePlans(int size) {
        if (figures.length >= size * FIGURES) {
            return;
        }
        int c = Math.max(size, figures.length / FIGURES * 2);
        figures = Arrays.copyOf(figures, c * FIGURES);
        shape = Arrays.copyOf(shape, c * 5);
    }

    /**
     * Index of the plan nearest the ideal point under the weights, among the plans meeting the latency objective.
     *
     * <p>Latency and carbon are normalised between the ideal and the nadir of the Pareto front (payoff table: the
     * fastest plan's carbon and the greenest plan's latency, exact for two objectives), not the worst candidate:
     * a plan that splits at a huge activation would otherwise stretch the scale until real trade-offs vanish.
     * The device terms are already on an absolute [0, 1] scale (time-weighted load and memory pressure of the devices
     * used, and the queue as 1 − 1/(1 + 2·tasks), the complement of the paper's SB) and are used as they are:
     * stretching them between this decision's best and worst candidate turned differences of a fraction of a percent
     * between idle devices into full-weight penalties that outweighed the carbon term.
     */
    private int choose(Weights w) {
        double[] f = figures;
        double idealL = latency(fastest), nadirL = latency(greenest);
        double idealG = grams(greenest), nadirG = grams(fastest);
        double scaleL = w.performance() * inverseSpan(idealL, nadirL), scaleG = w.carbon() * inverseSpan(idealG, nadirG);
        double slo = sloMillis;
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
            double s = distance(p, c,
                    w.load() * (f[at + LOAD] * inv),
                    w.balance() * queueTerm(f[at + TASKS] * inv),
                    w.resources() * (f[at + MEMORY] * inv));
            if (Double.isNaN(s)) {
                continue;
            }
            if (best < 0 || s < bestScore - 1e-12
                    || (Math.abs(s - bestScore) <= 1e-12 && (g < grams(best) || (g == grams(best) && lat < latency(best))))) {
                bestScore = s;
                best = i;
            }
        }
        chosenDistance = bestScore;
        return best;
    }

    private double latency(int plan) {
        return figures[plan * FIGURES + LATENCY];
    }

    private double grams(int plan) {
        return figures[plan * FIGURES + GRAMS];
    }

    /**
     * Finds the quickest plan, and the fastest and the greenest among the plans meeting the objective (ties broken by
     * the other objective, then by the order plans were recorded); -1 where there is none. Plans before {@code from}
     * were looked at already.
     */
    private void extremes(int from) {
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

    /** A lower bound of {@link #distance} from its latency and carbon terms alone (the other terms are &ge; 0). */
    private double partialDistance(double p, double c) {
        return switch (normKind) {
            case NORM_1 -> p + c;
            case NORM_2 -> p * p + c * c;
            case NORM_INFINITE -> Math.max(p, c) + 1e-6 * (p + c);
            default -> Math.pow(p, config.compromiseNorm()) + Math.pow(c, config.compromiseNorm());
        };
    }

    /** A time-weighted task count as a [0, 1) penalty: 1 − SB with the paper's SB = 1/(1 + 2·tasks). */
    private static double queueTerm(double tasks) {
        return 1 - 1 / (1 + 2 * tasks);
    }

    /**
     * (x − lo) / span, floored at 0, with span = hi − lo but at least {@link #MIN_SPAN_FRACTION} of lo: when one plan
     * is both the fastest and the greenest (or the two nearly coincide), a plan 50% slower and three times dirtier
     * still pays for it, instead of every plan's latency and carbon terms collapsing to 0 and the device terms alone
     * deciding. 0 when lo and hi are both 0 (the term does not separate candidates).
     */
    static double norm(double x, double lo, double hi) {
        return Math.max(0, x - lo) * inverseSpan(lo, hi);
    }

    /** 1 / span of {@link #norm}, or 0 when the span is 0. */
    private static double inverseSpan(double lo, double hi) {
        double span = Math.max(hi - lo, MIN_SPAN_FRACTION * Math.abs(lo));
        return span > 0 ? 1 / span : 0;
    }

    private double distance(double p, double c, double l, double b, double r) {
        double q = config.compromiseNorm();
        if (q == 1) {
            return p + c + l + b + r;
        }
        if (q == 2) {
            return p * p + c * c + l * l + b * b + r * r; // squared L2: same order, no sqrt
        }
        if (Double.isInfinite(q)) {
            return Math.max(Math.max(Math.max(p, c), Math.max(l, b)), r) + 1e-6 * (p + c + l + b + r);
        }
        return Math.pow(p, q) + Math.pow(c, q) + Math.pow(l, q) + Math.pow(b, q) + Math.pow(r, q);
    }

    private Plan build(Policy policy, ModelView model, List<DeviceView> devices, int planIndex, boolean sloMet) {
        int k = model.partitions();
        int s = planIndex * 5;
        int c1 = shape[s], c2 = shape[s + 1];
        int[] devs = {shape[s + 2], shape[s + 3], shape[s + 4]};
        int[] bounds = {0, c1 < 0 ? k : c1, c2 < 0 ? k : c2, k};
        List<PlannedStage> stages = new ArrayList<>(3);
        for (int i = 0; i < 3 && devs[i] >= 0; i++) {
            int e = devs[i];
            int from = bounds[i];
            int to = i + 1 < 3 && devs[i + 1] >= 0 ? bounds[i + 1] : k;
            double[] c = cum(model, e);
            double ms = from == 0 && to == k && wholeObserved[e] > 0 ? wholeObserved[e] : c[to] - c[from];
            DeviceView d = devices.get(deviceIndex[e]);
            long out = to < k ? model.outputBytes()[to - 1] : 0;
            stages.add(new PlannedStage(d.deviceId(), d.zone(), from, to - 1, ms * queueFactor[e],
                    ms * joulesPerMilli[e], ms * gramsPerMilli[e] + out * transferGramsPerByte[e], out));
        }
        return new Plan(policy.name(), stages, latency(planIndex), grams(planIndex), sloMet, plans);
    }
}
