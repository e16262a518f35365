package org.carbonedge.feed.quality;

import java.time.Duration;
import java.time.Instant;

/**
 * A hole in one zone's series: no record covers {@code [from, to)}.
 *
 * @param zone             the zone
 * @param from             end of the last record before the hole (inclusive start of the hole)
 * @param to               start of the first record after it (exclusive end)
 * @param missingIntervals how many intervals of the preceding record's length fit in the hole (rounded up)
 */
public record Gap(String zone, Instant from, Instant to, long missingIntervals) {
    public Duration length() {
        return Duration.between(from, to);
    }

    @Override
    public String toString() {
        return "gap zone=" + zone + " from=" + from + " to=" + to + " missing=" + missingIntervals;
    }
}
