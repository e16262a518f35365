package org.carbonedge.core.planning;

import java.util.List;
import java.util.Map;

import org.carbonedge.core.energy.EnergyModel;

/**
 * The router's picture of one device at decision time, built from its DeviceState.
 *
 * @param deviceId              device id
 * @param zone                  grid zone
 * @param cpuQuota              speed as a fraction of one reference core
 * @param memoryBytes           memory of the device
 * @param freeMemoryBytes       memory not in use
 * @param idleWatts             idle power
 * @param maxWatts              power at full utilisation
 * @param load                  smoothed utilisation, 0..1
 * @param taskCount             tasks queued or running
 * @param up                    false when the device is DOWN or DRAINING
 * @param embodiedGco2PerSecond embodied carbon per second of device time
 * @param observedMillis        per model id, smoothed execution time of each partition run as a part of its own on
 *                              this device (0 where never observed)
 * @param observedWholeMillis   per model id, smoothed execution time of the whole model run as one session on this
 *                              device (absent where never observed): what a monolithic stage costs there
 * @param reportedAtEpochMillis when the device reported its load and task count (its last heartbeat), UTC epoch ms;
 *                              0 when unknown (the figures are taken as reported just now). A task count is a sample
 *                              of that moment: the router works out how much of it can still be queued at decision
 *                              time ({@link Planner#plan(Policy, ModelView, List, double[], double[], Double, double)})
 */
public record DeviceView(String deviceId, String zone, double cpuQuota, long memoryBytes, long freeMemoryBytes,
                         double idleWatts, double maxWatts, double load, int taskCount, boolean up,
                         double embodiedGco2PerSecond, Map<String, double[]> observedMillis,
                         Map<String, Double> observedWholeMillis, long reportedAtEpochMillis) {

    /** A device whose figures are taken as reported just now. */
    public DeviceView(String deviceId, String zone, double cpuQuota, long memoryBytes, long freeMemoryBytes,
                      double idleWatts, double maxWatts, double load, int taskCount, boolean up,
                      double embodiedGco2PerSecond, Map<String, double[]> observedMillis,
                      Map<String, Double> observedWholeMillis) {
        this(deviceId, zone, cpuQuota, memoryBytes, freeMemoryBytes, idleWatts, maxWatts, load, taskCount, up,
                embodiedGco2PerSecond, observedMillis, observedWholeMillis, 0);
    }

    /** A device with no whole-model observations. */
    public DeviceView(String deviceId, String zone, double cpuQuota, long memoryBytes, long freeMemoryBytes,
                      double idleWatts, double maxWatts, double load, int taskCount, boolean up,
                      double embodiedGco2PerSecond, Map<String, double[]> observedMillis) {
        this(deviceId, zone, cpuQuota, memoryBytes, freeMemoryBytes, idleWatts, maxWatts, load, taskCount, up,
                embodiedGco2PerSecond, observedMillis, Map.of());
    }

    /** Power while running a stage: the whole device within its quota, plus RAM ({@link EnergyModel#busyWatts()}). */
    public double busyWatts() {
        return EnergyModel.busyWatts(maxWatts, memoryBytes);
    }

    /** Memory headroom in [0, 1]: the resource-availability term. */
    public double memoryHeadroom() {
        return memoryBytes <= 0 ? 0 : Math.max(0, Math.min(1, (double) freeMemoryBytes / memoryBytes));
    }
}
