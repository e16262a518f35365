package org.carbonedge.core.energy;

import java.util.Locale;

/**
 * What the control plane's CPU time costs in energy on the host it runs on: each busy core-second is charged the
 * host's power above idle divided by its logical cores, {@code (maxWatts − idleWatts) / cores}. The host's idle
 * power is not charged to the control plane: it is drawn whether CarbonEdge runs or not, and a device's idle time is
 * counted on its own ({@code DEVICE_IDLE}). CPU time is the process's (all its threads, inference compute taken out:
 * the devices already charge it), so the figure follows what the pipeline really did, not a guess per request.
 *
 * <p>The default host is an Intel NUC 12 Pro, the edge-gateway class box the router and broker would share a site
 * with: 6 W idle and 40 W PL1, as the built-in {@code intel-nuc-12-pro} device profile (idle assumed), and 16 logical
 * cores (i7-1260P: 4 performance cores with two threads, 8 efficient cores; Intel ARK).
 *
 * @param name      the host model's name, for the records' {@code source}
 * @param idleWatts host power when idle, watts
 * @param maxWatts  host power with every core busy, watts
 * @param cores     logical cores the CPU time is spread over
 */
public record HostPowerModel(String name, double idleWatts, double maxWatts, int cores) {

    /** The default control-plane host (see the class comment). */
    public static final HostPowerModel INTEL_NUC_12_PRO = new HostPowerModel("intel-nuc-12-pro", 6.0, 40.0, 16);

    public HostPowerModel {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a host model needs a name");
        }
        if (!(idleWatts >= 0) || !(maxWatts >= idleWatts) || Double.isInfinite(maxWatts)) {
            throw new IllegalArgumentException("host power must be 0 <= idle <= max < infinity watts, was " + idleWatts
                    + " and " + maxWatts);
        }
        if (cores < 1 || cores > 4096) {
            throw new IllegalArgumentException("cores must be 1 to 4096, was " + cores);
        }
    }

    /** Power of one busy logical core above idle, watts. */
    public double wattsPerBusyCore() {
        return (maxWatts - idleWatts) / cores;
    }

    /** Energy of {@code cpuNanos} of CPU time (all threads, any cores), joules; 0 for none or a negative reading. */
    public double joules(long cpuNanos) {
        return Math.max(0, cpuNanos) / 1e9 * wattsPerBusyCore();
    }

    /** How records say where their energy came from. */
    public String source() {
        return String.format(Locale.ROOT, "process-cpu x %s (%.1f-%.1f W, %d cores)", name, idleWatts, maxWatts, cores);
    }
}
