package org.carbonedge.feed.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.replay.ReplayOptions.TimeBase;

/**
 * Replays per-zone intensity series into an {@link IntensitySink} in event-time order, as the grid would have
 * published them: all zones merged by {@code validFrom} (ties by zone name), limited to a window, paced by a speed
 * factor against an injectable {@link ReplayClock}, optionally rebased so the window starts now, fanned out to zone
 * aliases, looped with each pass shifted by the window length, and resumable from a checkpoint file.
 *
 * <p>Pure Java: the Kafka producer is just a sink. One engine runs one replay at a time; {@link #requestStop()} may
 * be called from another thread (e.g. a shutdown hook) and makes {@link #run} flush, save the checkpoint and return.
 */
public final class ReplayEngine {
    private static final long MAX_SLEEP_CHUNK_MILLIS = 250;
    private static final long CHECKPOINT_WHILE_WAITING_MILLIS = 1000;

    private final ReplayOptions options;
    private final ReplayClock clock;
    private volatile boolean stopRequested;

    public ReplayEngine(ReplayOptions options, ReplayClock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Asks a running replay to stop after the current record (thread-safe). */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Replays {@code seriesByZone} (each list sorted by {@code validFrom}, as {@code LoadedFeed.series()} gives).
     *
     * @throws FeedException when nothing falls in the window, an alias names an absent zone, or the checkpoint
     *                       belongs to another replay
     */
    public ReplayResult run(Map<String, List<GridIntensity>> seriesByZone, IntensitySink sink,
                            ReplayListener listener) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(listener, "listener");
        stopRequested = false;
        Plan plan = plan(seriesByZone);
        return new Run(plan, sink, listener).execute();
    }

    /** One source zone's windowed slice and the zones it is published under. */
    private static final class Stream {
        final String zone;
        final List<GridIntensity> records;
        final int lo;
        final int hi;
        final List<String> targets;

        Stream(String zone, List<GridIntensity> records, int lo, int hi, List<String> targets) {
            this.zone = zone;
            this.records = records;
            this.lo = lo;
            this.hi = hi;
            this.targets = targets;
        }
    }

    /** The fixed facts of a replay, computed before anything is sent. */
    private static final class Plan {
        final List<Stream> streams;
        final long totalPerLoop;
        final long windowStartMillis;
        final long periodMillis;
        final String windowSignature;
        final String zonesSignature;

        Plan(List<Stream> streams, long totalPerLoop, long windowStartMillis, long periodMillis,
             String windowSignature, String zonesSignature) {
            this.streams = streams;
            this.totalPerLoop = totalPerLoop;
            this.windowStartMillis = windowStartMillis;
            this.periodMillis = periodMillis;
            this.windowSignature = windowSignature;
            this.zonesSignature = zonesSignature;
        }
    }

    private Plan plan(Map<String, List<GridIntensity>> seriesByZone) {
        ZoneAliases aliases = options.aliases();
        for (Map.Entry<String, String> alias : aliases.sourceByAlias().entrySet()) {
            if (!seriesByZone.containsKey(alias.getValue())) {
                throw new FeedException("--zone-alias " + alias.getKey() + "=" + alias.getValue() + ": zone "
                        + alias.getValue() + " is not in the input (zones: " + String.join(", ",
                        new TreeMap<>(seriesByZone).keySet()) + ")");
            }
        }
        Long from = options.from() == null ? null : options.from().toEpochMilli();
        Long to = options.to() == null ? null : options.to().toEpochMilli();
        List<Stream> streams = new ArrayList<>();
        TreeSet<String> published = new TreeSet<>();
        long total = 0;
        long minStart = Long.MAX_VALUE;
        long maxEnd = Long.MIN_VALUE;
        for (Map.Entry<String, List<GridIntensity>> e : new TreeMap<>(seriesByZone).entrySet()) {
            List<String> targets = new ArrayList<>();
            if (!options.aliasesOnly()) {
                targets.add(e.getKey());
            }
            targets.addAll(aliases.aliasesOf(e.getKey()));
            List<GridIntensity> records = e.getValue();
            if (targets.isEmpty() || records.isEmpty()) {
                continue;
            }
            int lo = from == null ? 0 : lowerBound(records, from);
            int hi = to == null ? records.size() : lowerBound(records, to);
            if (lo >= hi) {
                continue;
            }
            streams.add(new Stream(e.getKey(), records, lo, hi, List.copyOf(targets)));
            published.addAll(targets);
            total += (long) (hi - lo) * targets.size();
            minStart = Math.min(minStart, records.get(lo).getValidFrom().toEpochMilli());
            for (int i = Math.max(lo, hi - 4); i < hi; i++) {
                maxEnd = Math.max(maxEnd, records.get(i).getValidTo().toEpochMilli());
            }
        }
        if (total == 0) {
            throw new FeedException("no records to replay in the window " + describe(options.from()) + " .. "
                    + describe(options.to()));
        }
        long windowStart = from != null ? from : minStart;
        long windowEnd = to != null ? to : maxEnd;
        long period = Math.max(1, windowEnd - windowStart);
        return new Plan(streams, total, windowStart, period,
                describe(options.from()) + ".." + describe(options.to()), String.join(",", published));
    }

    private static String describe(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }

    /** First index whose {@code validFrom} is at or after {@code millis}. */
    private static int lowerBound(List<GridIntensity> records, long millis) {
        int lo = 0;
        int hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).getValidFrom().toEpochMilli() < millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose {@code validFrom} is strictly after {@code millis}. */
    private static int upperBound(List<GridIntensity> records, int from, int to, long millis) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).getValidFrom().toEpochMilli() <= millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The mutable state of one {@link #run}. */
    private final class Run {
        private final Plan plan;
        private final IntensitySink sink;
        private final ReplayListener listener;
        private final Map<String, Long> lastSentSourceMillis = new HashMap<>();
        private final Map<String, long[]> perZone = new TreeMap<>();
        private Map<String, Long> resumeAfter = Map.of();
        private int loop;
        private int startLoop;
        private long anchorMillis;
        private long rebaseTargetMillis;
        private long wallStartMillis;
        private long emitted;
        private long skipped;
        private long emittedInLoop;
        private long sinceFlush;
        private long sinceCheckpoint;
        private long sinceProgress;
        private long lastProgressWallMillis;
        private long lastCheckpointWallMillis;
        private int loopsCompleted;
        private int progressLoop;
        private boolean stopped;
        private Instant firstPublished;
        private Instant lastPublished;
        private Instant lastSource;

        Run(Plan plan, IntensitySink sink, ReplayListener listener) {
            this.plan = plan;
            this.sink = sink;
            this.listener = listener;
        }

        ReplayResult execute() {
            Instant wallStart = clock.now();
            wallStartMillis = wallStart.toEpochMilli();
            lastProgressWallMillis = wallStartMillis;
            lastCheckpointWallMillis = wallStartMillis;
            loadCheckpoint();
            progressLoop = startLoop;
            anchorMillis = resumeAfter.isEmpty() ? plan.windowStartMillis : firstRemainingMillis();
            rebaseTargetMillis = options.timeBase() == TimeBase.REBASE_TO_NOW ? wallStartMillis
                    : options.timeBase() == TimeBase.REBASE_TO_INSTANT ? options.rebaseStart().toEpochMilli() : 0;
            lastSentSourceMillis.putAll(resumeAfter);
            try {
                for (loop = startLoop; options.loops() == 0 || loop < options.loops(); loop++) {
                    if (!playLoop()) {
                        stopped = true;
                        break;
                    }
                    loopsCompleted++;
                    lastSentSourceMillis.clear();
                    resumeAfter = Map.of();
                    if (options.checkpointFile() != null) {
                        flush();
                        saveCheckpoint(loop + 1);
                    }
                }
            } finally {
                flush();
            }
            if (stopped && options.checkpointFile() != null) {
                saveCheckpoint(loop);
            }
            Instant wallEnd = clock.now();
            listener.onProgress(progress(true, wallEnd.toEpochMilli()));
            Map<String, Long> counts = new TreeMap<>();
            perZone.forEach((zone, n) -> counts.put(zone, n[0]));
            return new ReplayResult(emitted, skipped, loopsCompleted, stopped, counts, firstPublished, lastPublished,
                    Duration.between(wallStart, wallEnd));
        }

        private void loadCheckpoint() {
            if (options.checkpointFile() == null) {
                return;
            }
            ReplayCheckpoint cp = ReplayCheckpoint.load(options.checkpointFile());
            if (cp == null) {
                return;
            }
            if (!cp.window().equals(plan.windowSignature) || !cp.zones().equals(plan.zonesSignature)) {
                throw new FeedException(options.checkpointFile() + ": checkpoint belongs to another replay (window "
                        + cp.window() + ", zones " + cp.zones() + "; this replay: window " + plan.windowSignature
                        + ", zones " + plan.zonesSignature + "); delete it to start over");
            }
            startLoop = cp.loop();
            Map<String, Long> after = new HashMap<>();
            cp.lastSourceFromByZone().forEach((zone, t) -> after.put(zone, t.toEpochMilli()));
            resumeAfter = after;
        }

        /** Data time of the first record the resumed loop will send. */
        private long firstRemainingMillis() {
            long first = Long.MAX_VALUE;
            for (Stream s : plan.streams) {
                for (String target : s.targets) {
                    Long after = resumeAfter.get(target);
                    int i = after == null ? s.lo : upperBound(s.records, s.lo, s.hi, after);
                    if (i < s.hi) {
                        first = Math.min(first, s.records.get(i).getValidFrom().toEpochMilli());
                    }
                }
            }
            return first == Long.MAX_VALUE ? plan.windowStartMillis + plan.periodMillis : first;
        }

        /** Plays one pass; false when stopped. */
        private boolean playLoop() {
            emittedInLoop = 0;
            progressLoop = loop;
            Comparator<int[]> order = Comparator
                    .comparingLong((int[] c) -> plan.streams.get(c[0]).records.get(c[1]).getValidFrom().toEpochMilli())
                    .thenComparing(c -> plan.streams.get(c[0]).zone);
            PriorityQueue<int[]> cursors = new PriorityQueue<>(Math.max(1, plan.streams.size()), order);
            for (int s = 0; s < plan.streams.size(); s++) {
                cursors.add(new int[] {s, plan.streams.get(s).lo});
            }
            long loopShift = (long) (loop - startLoop) * plan.periodMillis;
            long publishShift = options.timeBase() == TimeBase.HISTORICAL
                    ? (long) loop * plan.periodMillis
                    : rebaseTargetMillis - anchorMillis + loopShift;
            while (!cursors.isEmpty()) {
                int[] cursor = cursors.poll();
                Stream stream = plan.streams.get(cursor[0]);
                GridIntensity record = stream.records.get(cursor[1]);
                if (++cursor[1] < stream.hi) {
                    cursors.add(cursor);
                }
                long sourceMillis = record.getValidFrom().toEpochMilli();
                if (!anyToSend(stream, sourceMillis)) {
                    skipped += stream.targets.size();
                    emittedInLoop += stream.targets.size();
                    continue;
                }
                if (!options.speed().isMax()) {
                    long virtualOffset = sourceMillis + loopShift - anchorMillis;
                    long dueMillis = wallStartMillis + (long) Math.floor(virtualOffset / options.speed().factor());
                    if (!waitUntil(dueMillis)) {
                        return false;
                    }
                }
                if (stopRequested) {
                    return false;
                }
                for (String target : stream.targets) {
                    Long after = resumeAfter.get(target);
                    if (after != null && sourceMillis <= after) {
                        skipped++;
                        emittedInLoop++;
                        continue;
                    }
                    send(record, target, publishShift);
                    lastSentSourceMillis.put(target, sourceMillis);
                }
                lastSource = record.getValidFrom();
                if (sinceCheckpoint >= options.checkpointEvery() && options.checkpointFile() != null) {
                    flush();
                    saveCheckpoint(loop);
                }
                if ((sinceProgress & 255) == 0 || sinceProgress >= options.progressEveryRecords()) {
                    maybeProgress();
                }
            }
            return !stopRequested;
        }

        private boolean anyToSend(Stream stream, long sourceMillis) {
            if (resumeAfter.isEmpty()) {
                return true;
            }
            for (String target : stream.targets) {
                Long after = resumeAfter.get(target);
                if (after == null || sourceMillis > after) {
                    return true;
                }
            }
            return false;
        }

        private void send(GridIntensity record, String zone, long shiftMillis) {
            GridIntensity out = record;
            if (shiftMillis != 0 || !zone.equals(record.getZone())) {
                Instant publishedAt = record.getPublishedAt();
                out = new GridIntensity(zone, record.getValidFrom().plusMillis(shiftMillis),
                        record.getValidTo().plusMillis(shiftMillis), record.getGco2PerKwh(), record.getSignal(),
                        record.getKind(), record.getSource(),
                        publishedAt == null ? null : publishedAt.plusMillis(shiftMillis));
            }
            sink.accept(out);
            emitted++;
            emittedInLoop++;
            sinceFlush++;
            sinceCheckpoint++;
            sinceProgress++;
            perZone.computeIfAbsent(zone, z -> new long[1])[0]++;
            if (firstPublished == null) {
                firstPublished = out.getValidFrom();
            }
            lastPublished = out.getValidFrom();
        }

        /** Waits until wall time {@code dueMillis}; flushes while idle. False when stopped or interrupted. */
        private boolean waitUntil(long dueMillis) {
            while (true) {
                if (stopRequested) {
                    return false;
                }
                long now = clock.now().toEpochMilli();
                if (now >= dueMillis) {
                    return true;
                }
                if (sinceFlush > 0) {
                    flush();
                    if (options.checkpointFile() != null && sinceCheckpoint > 0
                            && now - lastCheckpointWallMillis >= CHECKPOINT_WHILE_WAITING_MILLIS) {
                        saveCheckpoint(loop);
                    }
                }
                maybeProgress();
                long wake = Math.min(dueMillis, now + MAX_SLEEP_CHUNK_MILLIS);
                try {
                    clock.sleepUntil(Instant.ofEpochMilli(wake));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                    return false;
                }
            }
        }

        private void flush() {
            sink.flush();
            sinceFlush = 0;
        }

        private void saveCheckpoint(int loopToRecord) {
            Map<String, Instant> last = new TreeMap<>();
            lastSentSourceMillis.forEach((zone, t) -> last.put(zone, Instant.ofEpochMilli(t)));
            new ReplayCheckpoint(plan.windowSignature, plan.zonesSignature, loopToRecord, last)
                    .save(options.checkpointFile());
            sinceCheckpoint = 0;
            lastCheckpointWallMillis = clock.now().toEpochMilli();
        }

        /** Reports progress when enough records or wall time passed since the last report. */
        private void maybeProgress() {
            long now = clock.now().toEpochMilli();
            if (sinceProgress >= options.progressEveryRecords()
                    || now - lastProgressWallMillis >= options.progressInterval().toMillis()) {
                listener.onProgress(progress(false, now));
                sinceProgress = 0;
                lastProgressWallMillis = now;
            }
        }

        private ReplayProgress progress(boolean finished, long nowMillis) {
            return new ReplayProgress(emittedInLoop, plan.totalPerLoop, emitted, progressLoop, options.loops(), lastSource,
                    lastPublished, Duration.ofMillis(nowMillis - wallStartMillis), finished);
        }
    }
}
