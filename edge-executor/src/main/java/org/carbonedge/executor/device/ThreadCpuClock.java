package org.carbonedge.executor.device;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the calling thread, in nanoseconds: what a partition run really cost, whatever else the host was
 * doing meanwhile. ONNX Runtime sessions with one intra-op thread run on the calling thread, so this covers the
 * whole run. Falls back to wall time on a JVM without thread CPU time.
 */
public final class ThreadCpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported() && enable();

    private ThreadCpuClock() {
    }

    /** CPU time the calling thread has used so far (or wall time where unsupported), nanoseconds. */
    public static long nanos() {
        return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Whether {@link #nanos} is CPU time rather than the wall-time fallback. */
    public static boolean measuresCpu() {
        return SUPPORTED;
    }

    private static boolean enable() {
        try {
            if (!THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
