package org.carbonedge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.carbonedge.core.planning.DeviceView;
import org.carbonedge.core.planning.ModelView;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.PlannerConfig;
import org.carbonedge.core.planning.Policy;

/**
 * The inputs of one scoring decision that {@link ScorerBenchmark} times: MobileNetV2 cut into 8 partitions, and
 * either the paper's three idle nodes ({@code setup=paper}) or {@code n} random heterogeneous devices
 * ({@code setup=random}: random quotas, loads, queues, zones and embodied carbon; fixed seeds, so every run and
 * every fork decides the same problem).
 */
public final class ScorerFixtures {

    /** The paper's three nodes' grid intensities, g/kWh. */
    static final double[] PAPER_INTENSITY = {620, 530, 380};

    /** The random sets' seeds: devices, then intensities. */
    static final long DEVICE_SEED = 7;
    static final long INTENSITY_SEED = 11;

    /** One decision's inputs and the policy that decides it. */
    public record Decision(Policy policy, ModelView model, List<DeviceView> devices, double[] intensity) {
    }

    private ScorerFixtures() {
    }

    /**
     * The decision of one configuration.
     *
     * @param impl    {@code paper} (the paper's scorer, policy paper-green) or {@code carbonedge} (the planner, balanced)
     * @param setup   {@code paper} (the paper's three nodes; {@code devices} must be 3) or {@code random}
     * @param devices how many devices
     * @throws IllegalArgumentException for an unknown impl or setup, or the paper setup with other than 3 devices
     */
    public static Decision decision(String impl, String setup, int devices) {
        Policy policy = switch (impl) {
            case "paper" -> Policy.PAPER_GREEN;
            case "carbonedge" -> Policy.BALANCED;
            default -> throw new IllegalArgumentException("unknown impl '" + impl + "' (paper or carbonedge)");
        };
        return switch (setup) {
            case "paper" -> {
                if (devices != 3) {
                    throw new IllegalArgumentException("setup=paper is the paper's three nodes: it runs with devices=3"
                            + " only, not devices=" + devices);
                }
                yield new Decision(policy, mobilenetV2In8(), paperNodes(), PAPER_INTENSITY.clone());
            }
            case "random" -> {
                if (devices < 1) {
                    throw new IllegalArgumentException("devices must be >= 1, not " + devices);
                }
                yield new Decision(policy, mobilenetV2In8(), devices(devices, DEVICE_SEED),
                        intensities(devices, INTENSITY_SEED));
            }
            default -> throw new IllegalArgumentException("unknown setup '" + setup + "' (paper or random)");
        };
    }

    /** Whether {@link #decision} accepts this setup and device count. */
    public static boolean valid(String setup, int devices) {
        return "random".equals(setup) ? devices >= 1 : "paper".equals(setup) && devices == 3;
    }

    /** Plans the planner scores for this configuration's decision (the same every time: the fixtures are fixed). */
    public static int candidates(String impl, String setup, int devices) {
        Decision d = decision(impl, setup, devices);
        return new Planner(PlannerConfig.defaults()).plan(d.policy(), d.model(), d.devices(), d.intensity(), null)
                .candidates();
    }

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

    /** MobileNetV2 in 8 partitions: MACs, cut-tensor bytes and parameters per part, a 602,112-byte input. */
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
}
