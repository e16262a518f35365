package org.carbonedge.executor.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.carbonedge.executor.device.DeviceProfile;

/**
 * How one edge executor runs.
 *
 * @param deviceId          device id (its task topic is {@code carbonedge.tasks.<deviceId>})
 * @param zone              grid zone the device draws power from
 * @param profile           device profile (quota, memory, power)
 * @param modelStore        directory of partitioned models
 * @param maxBatch          tasks taken per poll: the bound on in-flight work
 * @param maxTensorBytes    largest tensor accepted
 * @param telemetryInterval how often telemetry is published
 */
public record ExecutorSettings(String deviceId, String zone, DeviceProfile profile, Path modelStore,
                               int maxBatch, long maxTensorBytes, Duration telemetryInterval) {

    /** 64 MiB: larger than any activation of the built-in models at batch 1, small enough to protect memory. */
    public static final long DEFAULT_MAX_TENSOR_BYTES = 64L * 1024 * 1024;
    /** Tasks taken per poll; transactions within a batch are bounded by time, not by this. */
    public static final int DEFAULT_MAX_BATCH = 500;

    public ExecutorSettings {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(modelStore, "modelStore");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1");
        }
    }

    public static ExecutorSettings of(String deviceId, String zone, DeviceProfile profile, Path modelStore) {
        return new ExecutorSettings(deviceId, zone, profile, modelStore, DEFAULT_MAX_BATCH, DEFAULT_MAX_TENSOR_BYTES, Duration.ofSeconds(1));
    }

    public ExecutorSettings withTelemetryInterval(Duration interval) {
        return new ExecutorSettings(deviceId, zone, profile, modelStore, maxBatch, maxTensorBytes, interval);
    }

    public ExecutorSettings withMaxTensorBytes(long bytes) {
        return new ExecutorSettings(deviceId, zone, profile, modelStore, maxBatch, bytes, telemetryInterval);
    }
}
