package org.carbonedge.core.energy;

/**
 * CarbonEdge's one energy model: what the executors charge a stage, what the router's planner expects a stage to
 * cost, and what moving a tensor between devices costs. The executor, the planner and the emissions accountant all
 * take their figures from here, so an estimate and a measurement-by-model use the same rule.
 *
 * <p>Device power: P(u) = P_idle + (P_max − P_idle)·u for the CPU, plus RAM at 0.375 W per GB (10^9 bytes; the figure
 * CodeCarbon and the CarbonEdge paper use).
 *
 * <p>Attribution: while a stage runs, the device is fully busy within its quota (u = 1), so the stage is charged
 * the device's whole power, idle part included, for its (throttled) duration: {@link #busyWatts()}. Idle time
 * between tasks is not charged to any inference; it is visible in telemetry as device power ({@link #watts}). This
 * is the paper's E = ∫P dt taken over the task.
 *
 * <p>Embodied carbon: a device's manufacturing emissions amortised linearly over its service life, charged per second
 * of device time a stage keeps it busy (SCI's M = TE × TiR / EL): {@link #embodiedGco2PerSecond}.
 *
 * <p>Transfers: 0.06 kWh/GB in 2015, halving about every two years (Aslan, Mayers, Koomey and France, "Electricity
 * Intensity of Internet Data Transmission", J. Ind. Ecol. 2018). CarbonEdge counts it for every tensor that crosses
 * from one device to another.
 */
public final class EnergyModel {

    /** RAM power per GB (10^9 bytes) of memory, watts (CodeCarbon; CarbonEdge paper). */
    public static final double RAM_WATTS_PER_GB = 0.375;

    static final double TRANSFER_KWH_PER_GB_2015 = 0.06;
    static final double TRANSFER_HALVING_YEARS = 2.0;

    private final double idleWatts;
    private final double maxWatts;
    private final long memoryBytes;

    /** The model of a device with this idle and full-utilisation power and this much memory. */
    public EnergyModel(double idleWatts, double maxWatts, long memoryBytes) {
        this.idleWatts = idleWatts;
        this.maxWatts = maxWatts;
        this.memoryBytes = memoryBytes;
    }

    /** CPU power at utilisation {@code u} (clamped to 0..1), watts. */
    public double cpuWatts(double utilization) {
        double u = Math.max(0, Math.min(1, utilization));
        return idleWatts + (maxWatts - idleWatts) * u;
    }

    /** RAM power, watts. */
    public double ramWatts() {
        return ramWatts(memoryBytes);
    }

    /** Device power at utilisation {@code u}, watts: what telemetry reports. */
    public double watts(double utilization) {
        return cpuWatts(utilization) + ramWatts();
    }

    /** Power charged while a stage runs: the whole device within its quota, plus RAM, watts. */
    public double busyWatts() {
        return busyWatts(maxWatts, memoryBytes);
    }

    /** Energy charged to a stage that kept the device busy for {@code busyNanos}, joules. */
    public double stageEnergyJoules(long busyNanos) {
        return busyWatts() * busyNanos / 1e9;
    }

    /**
     * Energy of the device while it ran no task for {@code idleNanos}: idle CPU power plus RAM, joules. A stage's
     * busy time is charged the whole device ({@link #busyWatts()}), so idle time is what is left of an interval once
     * the busy time is taken out; counted per interval in {@code carbonedge.service-energy} (DEVICE_IDLE), not per
     * inference.
     */
    public double idleEnergyJoules(long idleNanos) {
        return watts(0) * Math.max(0, idleNanos) / 1e9;
    }

    /** Energy of the RAM alone over {@code busyNanos}, joules: added to a RAPL reading, which covers the CPU only. */
    public double ramEnergyJoules(long busyNanos) {
        return ramWatts() * busyNanos / 1e9;
    }

    /** RAM power of {@code memoryBytes} of memory, watts. */
    public static double ramWatts(long memoryBytes) {
        return RAM_WATTS_PER_GB * memoryBytes / 1e9;
    }

    /** {@link #busyWatts()} of a device with full-utilisation power {@code maxWatts} and {@code memoryBytes}. */
    public static double busyWatts(double maxWatts, long memoryBytes) {
        return maxWatts + ramWatts(memoryBytes);
    }

    /**
     * Embodied emissions per second of device time, grams CO2e: {@code embodiedKgco2e} over {@code lifetimeHours};
     * 0 when either is unknown (0, negative or not finite).
     */
    public static double embodiedGco2PerSecond(double embodiedKgco2e, double lifetimeHours) {
        if (!(embodiedKgco2e > 0 && embodiedKgco2e < Double.POSITIVE_INFINITY)
                || !(lifetimeHours > 0 && lifetimeHours < Double.POSITIVE_INFINITY)) {
            return 0;
        }
        return embodiedKgco2e * 1000.0 / (lifetimeHours * 3600.0);
    }

    /** Embodied emissions charged to a stage that kept the device busy for {@code busyNanos}, grams CO2e. */
    public static double embodiedGco2(double embodiedGco2PerSecond, long busyNanos) {
        return embodiedGco2PerSecond * busyNanos / 1e9;
    }

    /** Network energy intensity of transfers in {@code year}, kWh per GB (10^9 bytes), by the Aslan et al. trend. */
    public static double transferKwhPerGigabyte(int year) {
        return TRANSFER_KWH_PER_GB_2015 * Math.pow(2, -(year - 2015) / TRANSFER_HALVING_YEARS);
    }

    /** kWh per byte moved at {@code kwhPerGigabyte}. */
    public static double transferKwhPerByte(double kwhPerGigabyte) {
        return kwhPerGigabyte / 1e9;
    }

    /** Joules to move {@code bytes} at {@code kwhPerGigabyte}. */
    public static double transferJoules(long bytes, double kwhPerGigabyte) {
        return bytes / 1e9 * kwhPerGigabyte * 3.6e6;
    }
}
