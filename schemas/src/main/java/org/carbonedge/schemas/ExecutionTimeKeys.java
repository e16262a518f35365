package org.carbonedge.schemas;

/**
 * Keys of the execution-time map that executors report in DeviceTelemetry and the rollup keeps in DeviceState:
 * {@code modelId/<partition>} for a partition run as a part of its own, {@code modelId/whole} for the whole model
 * run as one session (what a monolithic stage runs). Kept apart because chaining parts costs more than the whole
 * model, so neither stands in for the other.
 */
public final class ExecutionTimeKeys {

    /** Suffix of the whole-model key. */
    public static final String WHOLE = "whole";

    private ExecutionTimeKeys() {
    }

    public static String partition(String modelId, int partition) {
        return modelId + "/" + partition;
    }

    public static String whole(String modelId) {
        return modelId + "/" + WHOLE;
    }
}
