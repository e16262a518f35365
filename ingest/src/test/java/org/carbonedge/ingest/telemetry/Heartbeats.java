package org.carbonedge.ingest.telemetry;

import java.time.Instant;
import java.util.Map;

import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.DeviceTelemetry;

/** Telemetry samples for tests. */
final class Heartbeats {

    private Heartbeats() {
    }

    static DeviceTelemetry of(String deviceId, Instant at, double utilization, int queue) {
        return DeviceTelemetry.newBuilder().setDeviceId(deviceId).setZone("DE").setProfile("paper-high")
                .setObservedAt(at).setCpuQuota(1.0).setMemoryBytes(1L << 30).setFreeMemoryBytes(1L << 29)
                .setIdleWatts(0.5).setMaxWatts(3.83).setUtilization(utilization).setPowerWatts(0.5 + 3.33 * utilization)
                .setPowerSource("MODEL").setQueueDepth(queue).setTasksInFlight(1).setTasksCompleted(5)
                .setAvgExecutionMillis(Map.of("m/0", 2.0)).setStatus(DeviceStatus.UP).build();
    }
}
