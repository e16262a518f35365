package org.carbonedge.feed.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link ReplayClock} for tests: sleeping moves time forward instantly and is recorded. */
final class ManualClock implements ReplayClock {
    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized void sleepUntil(Instant wallTime) {
        if (wallTime.isAfter(now)) {
            sleeps.add(Duration.between(now, wallTime));
            now = wallTime;
        }
    }

    synchronized Duration totalSlept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }

    synchronized int sleepCount() {
        return sleeps.size();
    }
}
