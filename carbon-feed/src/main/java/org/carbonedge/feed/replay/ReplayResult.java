package org.carbonedge.feed.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a replay did.
 *
 * @param emitted            records handed to the sink
 * @param skippedOnResume    records not sent because the checkpoint showed them as already sent
 * @param loopsCompleted     full passes over the window
 * @param stopped            true when {@link ReplayEngine#requestStop()} or an interrupt ended it early
 * @param perZone            records sent per published zone
 * @param firstPublishedFrom event time of the first record sent, or null
 * @param lastPublishedFrom  event time of the last record sent, or null
 * @param wallDuration       wall time the replay took (by the replay clock)
 */
public record ReplayResult(long emitted, long skippedOnResume, int loopsCompleted, boolean stopped,
                           Map<String, Long> perZone, Instant firstPublishedFrom, Instant lastPublishedFrom,
                           Duration wallDuration) {
    public ReplayResult {
        perZone = Map.copyOf(perZone);
    }

    /** Records per wall second, or infinity when no wall time passed. */
    public double recordsPerSecond() {
        double seconds = wallDuration.toNanos() / 1e9;
        return seconds > 0 ? emitted / seconds : Double.POSITIVE_INFINITY;
    }
}
