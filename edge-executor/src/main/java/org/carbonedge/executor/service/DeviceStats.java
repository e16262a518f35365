package org.carbonedge.executor.service;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.DeviceTelemetry;
import org.carbonedge.core.energy.EnergyModel;
import org.carbonedge.executor.device.DeviceProfile;
import org.carbonedge.schemas.ExecutionTimeKeys;

/**
 * Running statistics of one device, updated by the task loop and sampled by the telemetry thread: busy time (for
 * utilisation and power), queue depth, completed tasks, and a smoothed execution time per model partition that the
 * router's planner uses as T_avg.
 */
public final class DeviceStats {

    /** Weight of a new observation in the execution-time EWMA. */
    static final double EWMA_ALPHA = 0.2;

    private final java.util.function.LongSupplier residentBytes;
    private final String deviceId;
    private final String zone;
    private final DeviceProfile profile;
    private final EnergyModel energy;
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final DoubleAdder energyJoules = new DoubleAdder();
    private final Map<String, Double> avgMillisByPart = new ConcurrentHashMap<>();
    private volatile int queueDepth;
    private volatile int inFlight;
    private volatile DeviceStatus status = DeviceStatus.UP;
    private volatile double lastUtilization;
    private long lastBusyNanos;
    private long lastSampleNanos = System.nanoTime();

    /**
     * @param residentBytes memory the device's executor holds (loaded model weights); free memory is the profile's
     *                      memory minus this
     */
    public DeviceStats(String deviceId, String zone, DeviceProfile profile, java.util.function.LongSupplier residentBytes) {
        this.residentBytes = residentBytes;
        this.deviceId = deviceId;
        this.zone = zone;
        this.profile = profile;
        this.energy = profile.energyModel();
    }

    /** Records a finished stage. */
    public void stageDone(String modelId, StageOutcome outcome) {
        busyNanos.addAndGet(outcome.busyNanos());
        completed.incrementAndGet();
        energyJoules.add(outcome.energyJoules());
        if (outcome.wholeModel()) {
            observe(ExecutionTimeKeys.whole(modelId), outcome.busyNanos() / 1e6);
        }
        outcome.partitionBusyMillis().forEach((p, ms) -> observe(ExecutionTimeKeys.partition(modelId, p), ms));
    }

    private void observe(String key, double millis) {
        avgMillisByPart.merge(key, millis, (old, now) -> old + EWMA_ALPHA * (now - old));
    }

    /** Records time spent on a stage that failed. */
    public void stageFailed(long busyNanosSpent) {
        busyNanos.addAndGet(busyNanosSpent);
    }

    public void queue(int depth, int running) {
        this.queueDepth = depth;
        this.inFlight = running;
    }

    public void status(DeviceStatus status) {
        this.status = status;
    }

    public long completed() {
        return completed.get();
    }

    /** Device time spent on stages so far, completed or failed, throttled to the quota (nanoseconds). */
    public long busyNanos() {
        return busyNanos.get();
    }

    /** Energy charged to completed stages so far, joules. */
    public double energyJoules() {
        return energyJoules.sum();
    }

    /** Tasks polled and waiting to run. */
    public int queueDepth() {
        return queueDepth;
    }

    /** Tasks running now. */
    public int tasksInFlight() {
        return inFlight;
    }

    /** Utilisation of the interval before the last telemetry sample, 0..1 (0 before the first). */
    public double lastUtilization() {
        return lastUtilization;
    }

    /** Smoothed execution time of a partition run on its own on this device, ms, or null before the first run. */
    public Double avgMillis(String modelId, int partition) {
        return avgMillisByPart.get(ExecutionTimeKeys.partition(modelId, partition));
    }

    /** A telemetry sample covering the time since the previous one. */
    public synchronized DeviceTelemetry sample(Instant now) {
        long t = System.nanoTime();
        long busy = busyNanos.get();
        double interval = Math.max(1, t - lastSampleNanos);
        double utilization = Math.min(1.0, (busy - lastBusyNanos) / interval);
        lastBusyNanos = busy;
        lastSampleNanos = t;
        lastUtilization = utilization;
        long free = Math.max(0, profile.memoryBytes() - residentBytes.getAsLong());
        return DeviceTelemetry.newBuilder()
                .setDeviceId(deviceId).setZone(zone).setProfile(profile.name()).setObservedAt(now)
                .setCpuQuota(profile.cpuQuota()).setMemoryBytes(profile.memoryBytes()).setFreeMemoryBytes(free)
                .setIdleWatts(profile.idleWatts()).setMaxWatts(profile.maxWatts())
                .setEmbodiedKgco2e(profile.embodiedKgco2e()).setLifetimeHours(profile.lifetimeHours())
                .setUtilization(utilization).setPowerWatts(energy.watts(utilization)).setPowerSource("MODEL")
                .setQueueDepth(queueDepth).setTasksInFlight(inFlight).setTasksCompleted(completed.get())
                .setAvgExecutionMillis(new TreeMap<>(avgMillisByPart)).setStatus(status)
                .build();
    }
}
