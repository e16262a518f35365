package org.carbonedge.executor.energy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time this JVM spent in inference runs (ONNX Runtime sessions on the executors' device threads), nanoseconds.
 * The devices charge that time to the inferences themselves; the control plane's share of the process is what is left
 * ({@link ProcessCpuMeter}). One counter per JVM, as the process CPU time it is taken from.
 */
public final class InferenceCpu {

    private static final AtomicLong NANOS = new AtomicLong();

    private InferenceCpu() {
    }

    /** Counts {@code cpuNanos} of one partition run (ignored when negative: a clock without thread CPU time). */
    public static void add(long cpuNanos) {
        if (cpuNanos > 0) {
            NANOS.addAndGet(cpuNanos);
        }
    }

    /** Inference CPU time so far, nanoseconds. */
    public static long totalNanos() {
        return NANOS.get();
    }
}
