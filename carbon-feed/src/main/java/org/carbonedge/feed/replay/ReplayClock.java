package org.carbonedge.feed.replay;

import java.time.Instant;

/**
 * The replay engine's view of wall time, injectable so tests run a year of replay at any speed without sleeping:
 * a test clock's {@link #sleepUntil} just moves its time forward.
 */
public interface ReplayClock {
    /** Current wall time, UTC. */
    Instant now();

    /** Blocks until {@code wallTime} (returns at once if it has passed). */
    void sleepUntil(Instant wallTime) throws InterruptedException;

    /** The real clock. */
    static ReplayClock system() {
        return SystemReplayClock.INSTANCE;
    }
}
