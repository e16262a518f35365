package org.carbonedge.feed.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.carbonedge.feed.FeedException;

/**
 * Settings of one replay, mirroring {@code ./carbonedge replay} options.
 *
 * @param from                 first record start to replay (inclusive), or null for the start of the data
 * @param to                   end of the window (records starting at or after it are left out), or null
 * @param speed                pacing ({@link ReplaySpeed#MAX} never waits)
 * @param timeBase             keep historical event times, or shift them so the window starts now / at a time
 * @param rebaseStart          target start for {@link TimeBase#REBASE_TO_INSTANT}, else null
 * @param aliases              extra zone names to publish source zones under
 * @param aliasesOnly          publish only under aliases (not under the source zone names)
 * @param loops                times to play the window; 0 means forever. Each loop is shifted by the window length,
 *                             so event time keeps increasing
 * @param checkpointFile       file holding the resume point, or null for no resume
 * @param checkpointEvery      records between checkpoint writes (a flush precedes each write)
 * @param progressInterval     wall time between progress callbacks
 * @param progressEveryRecords records between progress callbacks when the wall clock does not move
 */
public record ReplayOptions(Instant from, Instant to, ReplaySpeed speed, TimeBase timeBase, Instant rebaseStart,
                            ZoneAliases aliases, boolean aliasesOnly, int loops, Path checkpointFile,
                            int checkpointEvery, Duration progressInterval, int progressEveryRecords) {

    /** Which event times to publish. */
    public enum TimeBase {
        /** Publish the data's own times. */
        HISTORICAL,
        /** Shift every time so that the first replayed record starts at the replay's start (wall clock). */
        REBASE_TO_NOW,
        /** Shift every time so that the first replayed record starts at {@code rebaseStart}. */
        REBASE_TO_INSTANT
    }

    public ReplayOptions {
        Objects.requireNonNull(speed, "speed");
        Objects.requireNonNull(timeBase, "timeBase");
        Objects.requireNonNull(aliases, "aliases");
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new FeedException("--from " + from + " must be before --to " + to);
        }
        if ((timeBase == TimeBase.REBASE_TO_INSTANT) != (rebaseStart != null)) {
            throw new IllegalArgumentException("rebaseStart must be given exactly with REBASE_TO_INSTANT");
        }
        if (loops < 0) {
            throw new FeedException("--loop count must be 0 (forever) or positive");
        }
        if (checkpointEvery < 1 || progressEveryRecords < 1) {
            throw new IllegalArgumentException("checkpointEvery and progressEveryRecords must be positive");
        }
    }

    /** Whole data, as fast as possible, historical times, one pass, no checkpoint. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction of {@link ReplayOptions}. */
    public static final class Builder {
        private Instant from;
        private Instant to;
        private ReplaySpeed speed = ReplaySpeed.MAX;
        private TimeBase timeBase = TimeBase.HISTORICAL;
        private Instant rebaseStart;
        private ZoneAliases aliases = ZoneAliases.none();
        private boolean aliasesOnly;
        private int loops = 1;
        private Path checkpointFile;
        private int checkpointEvery = 10_000;
        private Duration progressInterval = Duration.ofMillis(200);
        private int progressEveryRecords = 10_000;

        public Builder window(Instant from, Instant to) {
            this.from = from;
            this.to = to;
            return this;
        }

        public Builder speed(ReplaySpeed speed) {
            this.speed = speed;
            return this;
        }

        public Builder historicalTime() {
            this.timeBase = TimeBase.HISTORICAL;
            this.rebaseStart = null;
            return this;
        }

        public Builder rebaseToNow() {
            this.timeBase = TimeBase.REBASE_TO_NOW;
            this.rebaseStart = null;
            return this;
        }

        public Builder rebaseTo(Instant start) {
            this.timeBase = TimeBase.REBASE_TO_INSTANT;
            this.rebaseStart = Objects.requireNonNull(start, "start");
            return this;
        }

        public Builder aliases(ZoneAliases aliases) {
            this.aliases = aliases;
            return this;
        }

        public Builder aliasesOnly(boolean aliasesOnly) {
            this.aliasesOnly = aliasesOnly;
            return this;
        }

        /** Number of passes; 0 loops forever. */
        public Builder loops(int loops) {
            this.loops = loops;
            return this;
        }

        public Builder checkpoint(Path file, int everyRecords) {
            this.checkpointFile = file;
            this.checkpointEvery = everyRecords;
            return this;
        }

        public Builder progress(Duration interval, int everyRecords) {
            this.progressInterval = interval;
            this.progressEveryRecords = everyRecords;
            return this;
        }

        public ReplayOptions build() {
            return new ReplayOptions(from, to, speed, timeBase, rebaseStart, aliases, aliasesOnly, loops,
                    checkpointFile, checkpointEvery, progressInterval, progressEveryRecords);
        }
    }
}
