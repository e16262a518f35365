package org.carbonedge.executor.device;

/**
 * Energy of work on a device: P(u) = P_idle + (P_max − P_idle)·u for the CPU, plus RAM at 0.375 W per GB
 * (the figure CodeCarbon and the CarbonEdge paper use), integrated over time.
 *
 * <p>Attribution: while a stage runs, the device is fully busy within its quota (u = 1), so the stage is charged
 * the device's whole power, idle part included, for its (throttled) duration. Idle time between tasks is not
 * charged to any inference; it is visible in telemetry as device power. This is the paper's E = ∫P dt taken
 * over the task, and the same rule the router's planner uses for its estimates.
 */
public final class EnergyModel {

    /** RAM power per GB of memory, watts (CodeCarbon; CarbonEdge paper). */
    public static final double RAM_WATTS_PER_GB = 0.375;

    private final DeviceProfile profile;

    public EnergyModel(DeviceProfile profile) {
        this.profile = profile;
    }

    /** CPU power at utilisation {@code u} (clamped to 0..1), watts. */
    public double cpuWatts(double utilization) {
        double u = Math.max(0, Math.min(1, utilization));
        return profile.idleWatts() + (profile.maxWatts() - profile.idleWatts()) * u;
    }

    /** RAM power, watts. */
    public double ramWatts() {
        return RAM_WATTS_PER_GB * profile.memoryGigabytes();
    }

    /** Device power at utilisation {@code u}, watts. */
    public double watts(double utilization) {
        return cpuWatts(utilization) + ramWatts();
    }

    /** Energy charged to a stage that kept the device busy for {@code busyNanos}, joules. */
    public double stageEnergyJoules(long busyNanos) {
        return watts(1.0) * busyNanos / 1e9;
    }
}
