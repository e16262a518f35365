package org.carbonedge.feed.replay;

import java.time.Duration;
import java.time.Instant;

/** {@link ReplayClock} backed by the system clock and {@link Thread#sleep}. */
final class SystemReplayClock implements ReplayClock {
    static final SystemReplayClock INSTANCE = new SystemReplayClock();

    private SystemReplayClock() {
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void sleepUntil(Instant wallTime) throws InterruptedException {
        long millis = Duration.between(Instant.now(), wallTime).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
