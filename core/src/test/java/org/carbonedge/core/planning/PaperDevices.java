package org.carbonedge.core.planning;

import java.util.List;
import java.util.Map;

/** The paper's three nodes (1.0 / 0.6 / 0.4 CPU at 620 / 530 / 380 gCO2/kWh) and an 8-partition model, for tests. */
public final class PaperDevices {

    public static final double[] INTENSITY = {620, 530, 380};

    private PaperDevices() {
    }

    public static List<DeviceView> idle() {
        return List.of(
                device("high", "Z-HIGH", 1.0, 1L << 30, 0.5, 3.83, 0, 0),
                device("medium", "Z-MED", 0.6, 512L << 20, 0.30, 2.30, 0, 0),
                device("green", "Z-GREEN", 0.4, 512L << 20, 0.20, 1.53, 0, 0));
    }

    public static DeviceView device(String id, String zone, double quota, long mem, double idle, double max, double load, int tasks) {
        return new DeviceView(id, zone, quota, mem, mem / 2, idle, max, load, tasks, true, 0, Map.of());
    }

    /** MobileNetV2-like: 8 partitions of ~37M MACs, 10 ms on a full core, shrinking activations. */
    public static ModelView mobilenetLike() {
        long[] macs = {40_000_000, 38_000_000, 37_000_000, 37_000_000, 37_000_000, 37_000_000, 37_000_000, 37_000_000};
        long[] out = {1_204_224, 301_056, 100_352, 50_176, 75_264, 31_360, 62_720, 4_000};
        long[] params = {10_000, 50_000, 150_000, 400_000, 900_000, 2_000_000, 3_500_000, 7_000_000};
        double[] ref = new double[8];
        for (int i = 0; i < 8; i++) {
            ref[i] = 10.0 * macs[i] / 300_000_000;
        }
        return new ModelView("mobilenetv2", 1, macs, out, params, 602_112, ref);
    }
}
