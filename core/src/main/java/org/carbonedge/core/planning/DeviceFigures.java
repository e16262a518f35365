package org.carbonedge.core.planning;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.carbonedge.core.carbon.Carbon;
import org.carbonedge.core.energy.EnergyModel;

/**
 * The {@link Planner}'s per-device figures for one decision, in parallel arrays indexed by eligible device (its
 * index among the eligible ones, {@link #deviceIndex} maps it back): eligibility, whole-model time and carbon rate
 * for every device ({@link #prepare}), the rest only for the few devices that get planned on ({@link #complete},
 * {@link #cum}). The arrays are reused across decisions and grow as needed; read them into locals after
 * {@link #prepare}. Not thread-safe.
 */
final class DeviceFigures {

    private final PlannerConfig config;

    // per eligible device, rebuilt every decision (O(1) each; cumulative times only for shortlisted devices)
    int[] deviceIndex = new int[8];
    double[][] observedOf = new double[8][];
    double[] wholeMillis = new double[8];
    /** Observed whole-model time (one session), or 0 when the device never ran the model whole. */
    double[] wholeObserved = new double[8];
    double[][] cumMillis = new double[8][];
    /** Whether cumMillis[e] holds this decision's figures (its buffer is reused across decisions). */
    boolean[] cumReady = new boolean[8];
    /**
     * Tasks the device reported (queued and running) that can still be left at decision time, each taken to last as
     * long as this model does there: the expected wait, in tasks.
     */
    double[] tasksLeft = new double[8];
    /** 1 + {@link #tasksLeft}: the factor a stage's time is stretched by for the wait before it. */
    double[] queueFactor = new double[8];
    double[] gramsPerMilli = new double[8];
    double[] joulesPerMilli = new double[8];
    double[] transferGramsPerByte = new double[8];
    double[] load = new double[8];
    double[] memoryPressure = new double[8];
    long[] freeMemory = new long[8];
    double[] quota = new double[8];
    double[] intensityOf = new double[8];

    DeviceFigures(PlannerConfig config) {
        this.config = config;
    }

    /**
     * One pass over the devices computing only what ranking them needs (eligibility, whole-model time, carbon rate);
     * the rest of a device's figures are filled in by {@link #complete} for the few devices that get planned on.
     */
    int prepare(ModelView model, List<DeviceView> devices, double[] gco2PerKwh, double[] reportAgeMillis) {
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
            if (!d.up() || !(d.load() < Double.POSITIVE_INFINITY) || d.freeMemoryBytes() < minParams || !(q > 0)
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
            double left = tasksLeft(d.taskCount(), reportAgeMillis == null ? 0 : reportAgeMillis[i], whole);
            if (left > 0 && d.load() > maxLoad) {
                continue; // busy now and over the load limit; a device that has finished its work is not
            }
            observedOf[n] = observed;
            wholeObserved[n] = wholeObs;
            quota[n] = q;
            wholeMillis[n] = whole;
            cumReady[n] = false;
            deviceIndex[n] = i;
            intensityOf[n] = intensity;
            tasksLeft[n] = left;
            queueFactor[n] = 1.0 + left;
            joulesPerMilli[n] = jpm;
            gramsPerMilli[n] = gpm;
            freeMemory[n] = d.freeMemoryBytes();
            n++;
        }
        return n;
    }

    /**
     * What is left at decision time of the {@code reported} tasks, {@code ageMillis} after the report, when each
     * takes {@code taskMillis}: the report is a sample of its moment, and a device that had one task running when it
     * reported and has had that task's time since is idle now. Negative or non-finite inputs count as nothing left
     * or no time passed.
     */
    static double tasksLeft(int reported, double ageMillis, double taskMillis) {
        double tasks = Math.max(0, reported); // in doubles: 1 + Integer.MAX_VALUE would wrap negative
        if (!(ageMillis > 0) || !(taskMillis > 0)) {
            return tasks;
        }
        return Math.max(0, tasks - ageMillis / taskMillis);
    }

    private static int referenceLength(ModelView model) {
        return model.referenceMillis().length;
    }

    /** Fills in the figures enumeration needs for eligible device {@code e}. */
    void complete(List<DeviceView> devices, int e) {
        DeviceView d = devices.get(deviceIndex[e]);
        transferGramsPerByte[e] = EnergyModel.transferKwhPerByte(config.kwhPerGigabyte()) * intensityOf[e];
        // the smoothed load is history: it counts only in proportion to the work still left now, up to one task
        load[e] = Math.max(0, d.load()) * Math.min(1, tasksLeft[e]);
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
    double[] cum(ModelView model, int e) {
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
        tasksLeft = Arrays.copyOf(tasksLeft, c);
        gramsPerMilli = Arrays.copyOf(gramsPerMilli, c);
        joulesPerMilli = Arrays.copyOf(joulesPerMilli, c);
        transferGramsPerByte = Arrays.copyOf(transferGramsPerByte, c);
        load = Arrays.copyOf(load, c);
        memoryPressure = Arrays.copyOf(memoryPressure, c);
        freeMemory = Arrays.copyOf(freeMemory, c);
    }

    /** A finite number &ge; 0. */
    static boolean usable(double x) {
        return x >= 0 && x < Double.POSITIVE_INFINITY;
    }
}
