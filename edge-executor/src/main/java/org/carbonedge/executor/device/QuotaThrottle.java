package org.carbonedge.executor.device;

import java.util.concurrent.locks.LockSupport;

/**
 * Makes a device with CPU quota q really q times as fast as the host, the way a CPU quota does: after work that
 * ran for t at full speed, the device stays busy (throttled) for t·(1−q)/q more, so the whole stage takes t/q.
 * Pauses shorter than the timer can honour are carried over as debt and paid with the next one, so averages
 * stay exact for very short stages. Quotas ≥ 1 do not throttle (a faster device than the host is not emulated).
 */
public final class QuotaThrottle {

    /** Below this, parking is too coarse to be worth it; the pause is carried instead. */
    private static final long MIN_PARK_NANOS = 200_000;

    private final double quota;
    private long debtNanos;

    public QuotaThrottle(double quota) {
        if (!(quota > 0)) {
            throw new IllegalArgumentException("quota must be > 0, was " + quota);
        }
        this.quota = quota;
    }

    /**
     * Throttles after work that took {@code runNanos} at full speed and returns the stage's throttled duration,
     * the time the device would have needed (nanoseconds).
     */
    public long afterRun(long runNanos) {
        if (quota >= 1.0) {
            return runNanos;
        }
        long pause = Math.round(runNanos * (1.0 - quota) / quota);
        long owed = pause + debtNanos;
        if (owed >= MIN_PARK_NANOS) {
            long start = System.nanoTime();
            long deadline = start + owed;
            long now = start;
            while (now < deadline) {
                LockSupport.parkNanos(deadline - now);
                now = System.nanoTime();
            }
            debtNanos = owed - (now - start); // negative when we overslept: the next pause is shortened
        } else {
            debtNanos = owed;
        }
        return runNanos + pause;
    }

    public double quota() {
        return quota;
    }
}
