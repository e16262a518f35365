package org.carbonedge.ingest.telemetry;

import java.time.Duration;
import java.time.Instant;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.DeviceTelemetry;

/**
 * Folds heartbeats into the device state the router scores against: utilisation and power smoothed (EWMA) so one
 * noisy second does not flip routing, execution times as the executor smoothed them, and liveness — a device that
 * misses {@code missedHeartbeats} heartbeats is DOWN.
 */
public final class DeviceStateRollup {

    /** Weight of a new sample in the load and power EWMAs. */
    public static final double ALPHA = 0.3;

    private final Duration downAfter;

    public DeviceStateRollup(Duration heartbeatInterval, int missedHeartbeats) {
        this.downAfter = heartbeatInterval.multipliedBy(missedHeartbeats);
    }

    /** The state after heartbeat {@code t}, given the previous state (null for a new device). */
    public DeviceState apply(DeviceState previous, DeviceTelemetry t, Instant now) {
        double load = previous == null ? t.getUtilization() : previous.getLoad() + ALPHA * (t.getUtilization() - previous.getLoad());
        double power = previous == null ? t.getPowerWatts() : previous.getPowerWatts() + ALPHA * (t.getPowerWatts() - previous.getPowerWatts());
        return DeviceState.newBuilder()
                .setDeviceId(t.getDeviceId()).setZone(t.getZone()).setProfile(t.getProfile())
                .setCpuQuota(t.getCpuQuota()).setMemoryBytes(t.getMemoryBytes()).setFreeMemoryBytes(t.getFreeMemoryBytes())
                .setIdleWatts(t.getIdleWatts()).setMaxWatts(t.getMaxWatts())
                .setEmbodiedKgco2e(t.getEmbodiedKgco2e()).setLifetimeHours(t.getLifetimeHours())
                .setLoad(clamp(load)).setPowerWatts(power).setQueueDepth(t.getQueueDepth())
                .setTaskCount(t.getQueueDepth() + t.getTasksInFlight())
                .setAvgExecutionMillis(t.getAvgExecutionMillis())
                .setLastHeartbeatAt(t.getObservedAt()).setStatus(t.getStatus()).setUpdatedAt(now)
                .build();
    }

    /** The state marked DOWN if its last heartbeat is too old at {@code now}; null when nothing changes. */
    public DeviceState expire(DeviceState state, Instant now) {
        if (state.getStatus() == DeviceStatus.DOWN || !state.getLastHeartbeatAt().plus(downAfter).isBefore(now)) {
            return null;
        }
        return DeviceState.newBuilder(state).setStatus(DeviceStatus.DOWN).setLoad(0).setTaskCount(0).setUpdatedAt(now).build();
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
