package org.carbonedge.core.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.carbonedge.core.planning.DeviceView;
import org.carbonedge.core.planning.ModelView;
import org.carbonedge.core.planning.Plan;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.PlannerConfig;
import org.carbonedge.core.planning.Policy;

/**
 * Per-decision cost of the paper's scorer and CarbonEdge's planner for 3, 100 and 1,000 devices: every decision is
 * timed on its own (System.nanoTime, ~25 ns resolution overhead), after a warm-up long enough for the JIT, so the
 * median and p99 are real percentiles of single decisions. Each configuration warms up for at least 2 s first. The model is MobileNetV2 cut into 8 partitions.
 * At 3 devices it runs twice: on the paper's three idle nodes, and on random heterogeneous ones like the larger sets.
 */
public final class ScorerBench {

    /**
     * Figures of one configuration: {@code setup} is {@code random} (heterogeneous devices: random quotas, loads,
     * queues, zones and embodied carbon) or {@code paper} (the paper's three idle nodes).
     */
    public record Result(String impl, int devices, String setup, double medianMicros, double p99Micros, int candidates) {
        public String line() {
            return String.format("bench=scorer impl=%s devices=%d setup=%s median_us=%.2f p99_us=%.2f", impl, devices,
                    setup, medianMicros, p99Micros);
        }
    }

    /** Least time each configuration runs before it is measured. */
    static final long WARMUP_NANOS = 2_000_000_000L;

    private ScorerBench() {
    }

    public static List<Result> run(int[] deviceCounts, int warmup, int decisions) {
        ModelView model = mobilenetV2In8();
        List<Result> results = new ArrayList<>();
        for (int n : deviceCounts) {
            if (n == 3) {
                List<DeviceView> paper = paperNodes();
                results.add(measure("paper", "paper", Policy.PAPER_GREEN, model, paper, PAPER_INTENSITY, warmup, decisions));
                results.add(measure("carbonedge", "paper", Policy.BALANCED, model, paper, PAPER_INTENSITY, warmup, decisions));
            }
            List<DeviceView> devices = devices(n, 7);
            double[] intensity = intensities(n, 11);
            results.add(measure("paper", "random", Policy.PAPER_GREEN, model, devices, intensity, warmup, decisions));
            results.add(measure("carbonedge", "random", Policy.BALANCED, model, devices, intensity, warmup, decisions));
        }
        return results;
    }

    private static Result measure(String impl, String setup, Policy policy, ModelView model, List<DeviceView> devices,
                                  double[] intensity, int warmup, int decisions) {
        Planner planner = new Planner(PlannerConfig.defaults());
        long sink = 0;
        // warm up for at least WARMUP_NANOS (and at least `warmup` decisions), as JMH warms before measuring
        long warmEnd = System.nanoTime() + WARMUP_NANOS;
        for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
            sink += planner.plan(policy, model, devices, intensity, null).stages().size();
        }
        long[] nanos = new long[decisions];
        int candidates = 0;
        for (int i = 0; i < decisions; i++) {
            long t0 = System.nanoTime();
            Plan p = planner.plan(policy, model, devices, intensity, null);
            nanos[i] = System.nanoTime() - t0;
            sink += p.stages().size();
            candidates = p.candidates();
        }
        if (sink == 42) {
            System.out.print(""); // keeps the JIT from discarding the decisions
        }
        Arrays.sort(nanos);
        return new Result(impl, devices.size(), setup, nanos[decisions / 2] / 1e3, nanos[(int) (decisions * 0.99)] / 1e3, candidates);
    }

    static final double[] PAPER_INTENSITY = {620, 530, 380};

    /** The paper's nodes: High 1.0 CPU / 1 GB, Medium 0.6 / 512 MB, Green 0.4 / 512 MB, idle, half their memory free. */
    static List<DeviceView> paperNodes() {
        return List.of(
                new DeviceView("high", "Z-HIGH", 1.0, 1L << 30, 1L << 29, 0.5, 3.83, 0.01, 0, true, 0, Map.of()),
                new DeviceView("medium", "Z-MEDIUM", 0.6, 512L << 20, 256L << 20, 0.3, 2.30, 0.01, 0, true, 0, Map.of()),
                new DeviceView("green", "Z-GREEN", 0.4, 512L << 20, 256L << 20, 0.2, 1.53, 0.01, 0, true, 0, Map.of()));
    }

    /** Heterogeneous devices: quotas 0.2-1.0, loads 0-0.7, a few queued tasks, zones of varied intensity. */
    static List<DeviceView> devices(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DeviceView> devices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double quota = 0.2 + 0.8 * r.nextDouble();
            long mem = (1L << 29) + r.nextLong(1L << 31);
            devices.add(new DeviceView("d" + i, "Z" + (i % 50), quota, mem, mem / 2, 0.5 * quota, 3.83 * quota,
                    0.7 * r.nextDouble(), r.nextInt(3), true, 0.001 * r.nextDouble(), Map.of()));
        }
        return devices;
    }

    static double[] intensities(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = 20 + 700 * r.nextDouble();
        }
        return g;
    }

    static ModelView mobilenetV2In8() {
        long[] macs = {40_000_000, 38_000_000, 37_000_000, 37_000_000, 37_000_000, 37_000_000, 37_000_000, 37_000_000};
        long[] out = {1_204_224, 301_056, 100_352, 50_176, 75_264, 31_360, 62_720, 4_000};
        long[] params = {10_000, 50_000, 150_000, 400_000, 900_000, 2_000_000, 3_500_000, 7_000_000};
        double[] ref = new double[8];
        for (int i = 0; i < 8; i++) {
            ref[i] = 8.7 * macs[i] / 300_000_000;
        }
        return new ModelView("mobilenetv2", 1, macs, out, params, 602_112, ref);
    }

    /** Table then machine-readable lines. */
    public static String report(List<Result> results) {
        StringBuilder s = new StringBuilder(String.format("%-11s %8s %-7s %12s %12s %11s%n", "impl", "devices", "setup",
                "median µs", "p99 µs", "candidates"));
        for (Result r : results) {
            s.append(String.format("%-11s %8d %-7s %12.2f %12.2f %11d%n", r.impl(), r.devices(), r.setup(),
                    r.medianMicros(), r.p99Micros(), r.candidates()));
        }
        for (Result r : results) {
            s.append(r.line()).append(System.lineSeparator());
        }
        return s.toString();
    }
}
