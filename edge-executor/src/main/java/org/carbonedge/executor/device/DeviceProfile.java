package org.carbonedge.executor.device;

import java.util.Objects;

import org.carbonedge.core.energy.EnergyModel;

/**
 * What kind of edge device an executor stands for: how fast it runs inference relative to one core of the host
 * (its CPU quota), its memory, its power at idle and at full load, and its embodied carbon. Every figure carries
 * the source it came from, so a reader of an emission record can trace where a number was taken.
 *
 * @param name            profile name used on the command line (e.g. {@code paper-high}, {@code rpi4})
 * @param cpuQuota        inference speed as a fraction of one host core (0.4 = 2.5× slower than the host)
 * @param memoryBytes     memory available to the executor
 * @param idleWatts       power at idle
 * @param maxWatts        power at full utilisation of the quota
 * @param embodiedKgco2e  embodied emissions of the hardware (0 when unknown)
 * @param lifetimeHours   service life over which embodied emissions are amortised
 * @param source          where the figures come from
 */
public record DeviceProfile(String name, double cpuQuota, long memoryBytes, double idleWatts, double maxWatts,
                            double embodiedKgco2e, double lifetimeHours, String source) {

    public DeviceProfile {
        Objects.requireNonNull(name, "name");
        if (!(cpuQuota > 0 && cpuQuota <= 64)) {
            throw new IllegalArgumentException("profile " + name + ": cpuQuota must be in (0, 64], was " + cpuQuota);
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("profile " + name + ": memoryBytes must be > 0");
        }
        if (idleWatts < 0 || maxWatts < idleWatts) {
            throw new IllegalArgumentException("profile " + name + ": need 0 <= idleWatts <= maxWatts, was "
                    + idleWatts + " / " + maxWatts);
        }
        if (embodiedKgco2e < 0 || lifetimeHours < 0 || (embodiedKgco2e > 0 && lifetimeHours == 0)) {
            throw new IllegalArgumentException("profile " + name + ": embodied carbon needs a lifetime > 0");
        }
    }

    /** Memory in GB (10^9 bytes), as the RAM power figure is quoted. */
    public double memoryGigabytes() {
        return memoryBytes / 1e9;
    }

    /** This device's energy model: busy power, RAM, stage energy (the planner's estimates use the same one). */
    public EnergyModel energyModel() {
        return new EnergyModel(idleWatts, maxWatts, memoryBytes);
    }

    /** Embodied emissions per second of device time, grams CO2e (0 when unknown). */
    public double embodiedGco2PerSecond() {
        return EnergyModel.embodiedGco2PerSecond(embodiedKgco2e, lifetimeHours);
    }
}
