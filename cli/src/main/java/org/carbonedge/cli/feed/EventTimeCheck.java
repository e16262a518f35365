package org.carbonedge.cli.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.kafka.TopicTimeLimits;
import org.carbonedge.feed.replay.ReplayOptions;
import org.carbonedge.feed.replay.ReplayOptions.TimeBase;

/**
 * Warns before a replay whose event times the broker will not keep: times older than the topic's retention are
 * deleted within minutes, and times further ahead of the broker's clock than {@code message.timestamp.after.max.ms}
 * are refused (the sink then fails with that setting named). Warnings only: the limits are the operator's to change.
 */
final class EventTimeCheck {
    private static final String TOPIC = "carbonedge.grid-intensity";

    private EventTimeCheck() {
    }

    static List<String> warnings(TopicTimeLimits limits, ReplayOptions options, Map<String, List<GridIntensity>> series,
                                 Instant now) {
        Instant first = null;
        Instant lastStart = null;
        Instant lastEnd = null;
        for (List<GridIntensity> records : series.values()) {
            for (GridIntensity r : records) {
                Instant t = r.getValidFrom();
                if ((options.from() != null && t.isBefore(options.from())) || (options.to() != null && !t.isBefore(options.to()))) {
                    continue;
                }
                first = first == null || t.isBefore(first) ? t : first;
                lastStart = lastStart == null || t.isAfter(lastStart) ? t : lastStart;
                lastEnd = lastEnd == null || r.getValidTo().isAfter(lastEnd) ? r.getValidTo() : lastEnd;
            }
        }
        List<String> out = new ArrayList<>();
        if (first == null) {
            return out;
        }
        Instant windowStart = options.from() != null ? options.from() : first;
        Instant windowEnd = options.to() != null ? options.to() : lastEnd;
        Duration period = Duration.between(windowStart, windowEnd);
        Duration span = Duration.between(first, lastStart);
        double speed = options.speed().factor();
        Instant start = options.timeBase() == TimeBase.HISTORICAL ? first
                : options.timeBase() == TimeBase.REBASE_TO_NOW ? now : options.rebaseStart();
        if (limits.expiresAt(start, now)) {
            out.add("warning: event times from " + start + " are older than the retention of " + TOPIC + " ("
                    + human(limits.retention()) + "); the broker deletes such records within minutes. Use --rebase,"
                    + " or keep history: kafka-configs --alter --entity-type topics --entity-name " + TOPIC
                    + " --add-config retention.ms=-1");
        }
        if (limits.maxAheadOfNow() == null) {
            return out;
        }
        // Event time of the last record minus the wall time it is sent at, at most.
        boolean unbounded = options.loops() == 0 && speed > 1;
        Duration lastOffset = span.plus(period.multipliedBy(Math.max(0, options.loops() - 1)));
        Duration wallToSend = Double.isInfinite(speed) ? Duration.ZERO
                : Duration.ofMillis((long) (lastOffset.toMillis() / speed));
        Duration lead = Duration.between(now.plus(wallToSend), start.plus(lastOffset));
        if (unbounded || lead.compareTo(limits.maxAheadOfNow()) > 0) {
            out.add("warning: at speed " + options.speed() + " event times run " + (unbounded ? "ever further"
                    : "up to " + human(lead)) + " ahead of the clock; the broker refuses more than "
                    + human(limits.maxAheadOfNow()) + " (message.timestamp.after.max.ms on " + TOPIC
                    + "): lower --speed, or raise that setting");
        }
        return out;
    }

    static String human(Duration d) {
        if (d.toDays() >= 2) {
            return Math.round(d.toHours() / 24.0) + " days";
        }
        if (d.toHours() >= 2) {
            return Math.round(d.toMinutes() / 60.0) + " h";
        }
        if (d.toMinutes() >= 1) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }
}
