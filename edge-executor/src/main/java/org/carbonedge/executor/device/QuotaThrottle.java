package org.carbonedge.executor.device;

import java.util.OptionalDouble;
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

    /**
     * A throttle for a device of quota {@code quota} on this host: when the operating system already limits the
     * process (a container started with {@code --cpus} equal to the profile's quota, as in docker/compose.yaml),
     * only the part of the quota it does not enforce is emulated, so the device is not slowed twice.
     */
    public static QuotaThrottle onThisHost(double quota) {
        return forHostLimit(quota, HostCpuLimit.cores());
    }

    /**
     * A throttle for quota {@code quota} on a host that limits this process to {@code hostCores} (empty: no
     * limit). One thread never runs faster than one core, so a host limit above 1 changes nothing.
     */
    public static QuotaThrottle forHostLimit(double quota, OptionalDouble hostCores) {
        if (!(quota > 0)) {
            throw new IllegalArgumentException("quota must be > 0, was " + quota);
        }
        double hostSpeed = Math.min(1.0, hostCores.orElse(1.0));
        return new QuotaThrottle(Math.min(1.0, quota / hostSpeed));
    }

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
