package org.carbonedge.feed.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot handed to {@link ReplayListener}s, enough to draw a terminal progress bar.
 *
 * @param emittedInLoop      records sent in the current loop (including ones skipped on resume)
 * @param totalPerLoop       records one loop sends
 * @param emittedTotal       records sent since the replay started
 * @param loop               current loop, from 0
 * @param loops              planned loops, 0 for forever
 * @param sourceEventTime    data time of the last record sent, or null
 * @param publishedEventTime event time it was published with (after rebase and loop shift), or null
 * @param wallElapsed        wall time since the replay started
 * @param finished           true for the last callback
 */
public record ReplayProgress(long emittedInLoop, long totalPerLoop, long emittedTotal, int loop, int loops,
                             Instant sourceEventTime, Instant publishedEventTime, Duration wallElapsed,
                             boolean finished) {
    /** Share of the current loop done, 0..1. */
    public double fraction() {
        return totalPerLoop == 0 ? 1.0 : Math.min(1.0, (double) emittedInLoop / totalPerLoop);
    }
}
