package org.carbonedge.executor.device;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;

/**
 * Makes a device with CPU quota q really q times as fast as the host, the way a CPU quota does: work that needed
 * c of CPU time keeps the device busy for c/q, so after it the device stays throttled until c/q has passed since
 * the work began. The work is measured in CPU time of the running thread, not wall time, so a host busy with
 * other services (the broker, the jobs, other devices on the same cores) does not make a device look slower or
 * charge it more energy: time the thread spent descheduled already counts towards the pause.
 * Pauses shorter than the timer can honour are carried over as debt and paid with the next one, so averages
 * stay exact for very short stages. Quotas ≥ 1 do not throttle (a faster device than the host is not emulated).
 */
public final class QuotaThrottle {

    /** Below this, parking is too coarse to be worth it; the pause is carried instead. */
    private static final long MIN_PARK_NANOS = 200_000;

    private final double quota;
    private final LongUnaryOperator pause;
    private long debtNanos;

    public QuotaThrottle(double quota) {
        this(quota, QuotaThrottle::park);
    }

    /** With {@code pause} taking the nanoseconds to pause and returning those really paused (tests observe it). */
    QuotaThrottle(double quota, LongUnaryOperator pause) {
        if (!(quota > 0)) {
            throw new IllegalArgumentException("quota must be > 0, was " + quota);
        }
        this.quota = quota;
        this.pause = pause;
    }

    /**
     * Throttles after work that used {@code cpuNanos} of CPU time and {@code elapsedNanos} of wall time, and
     * returns the work's duration on this device, {@code cpuNanos / quota} (nanoseconds): what its energy and
     * observed execution times are based on.
     */
    public long afterRun(long cpuNanos, long elapsedNanos) {
        if (cpuNanos < 0 || elapsedNanos < 0) {
            throw new IllegalArgumentException("negative duration: cpu " + cpuNanos + " ns, elapsed " + elapsedNanos + " ns");
        }
        if (quota >= 1.0) {
            return cpuNanos;
        }
        long deviceNanos = Math.round(cpuNanos / quota);
        long owed = Math.max(0, deviceNanos - elapsedNanos) + debtNanos;
        if (owed >= MIN_PARK_NANOS) {
            debtNanos = owed - pause.applyAsLong(owed); // negative when we overslept: the next pause is shortened
        } else {
            debtNanos = owed;
        }
        return deviceNanos;
    }

    private static long park(long nanos) {
        long start = System.nanoTime();
        long deadline = start + nanos;
        long now = start;
        while (now < deadline) {
            LockSupport.parkNanos(deadline - now);
            now = System.nanoTime();
        }
        return now - start;
    }

    public double quota() {
        return quota;
    }
}
