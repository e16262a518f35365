package org.carbonedge.core.carbon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.SignalType;

/**
 * The grid-intensity intervals of one zone and signal, in time order, so the emissions of a stage are computed with
 * the value valid when it ran rather than the latest one. Feeds publish overlapping intervals (a forecast, later
 * the measured value for the same hour, sometimes an estimate): {@link #at} prefers MEASURED, then FORECAST, then
 * ESTIMATED, and among equals the latest published. Bounded by {@link IntensityLimits}: count and event-time age.
 * Not thread-safe.
 */
public final class IntensityHistory {

    private final String zone;
    private final SignalType signal;
    private final IntensityLimits limits;
    /** validFrom → intervals starting then, in arrival order. */
    private final NavigableMap<Instant, List<GridIntensity>> byStart = new TreeMap<>();
    private int size;
    private long longestMillis;
    private Instant newestStart;

    public IntensityHistory(String zone, SignalType signal, IntensityLimits limits) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** What is wrong with {@code record} as an intensity interval, or null when it is usable. */
    public static String problem(GridIntensity record) {
        if (record.getZone() == null || record.getZone().isBlank()) {
            return "grid intensity without a zone";
        }
        if (!record.getValidTo().isAfter(record.getValidFrom())) {
            return "grid intensity for " + record.getZone() + " has validTo " + record.getValidTo()
                    + " not after validFrom " + record.getValidFrom();
        }
        double g = record.getGco2PerKwh();
        if (!Double.isFinite(g) || g < 0) {
            return "grid intensity for " + record.getZone() + " at " + record.getValidFrom()
                    + " has gco2PerKwh " + g + " (must be finite and >= 0)";
        }
        return null;
    }

    /**
     * Adds an interval. An interval with the same start, end and kind as a stored one replaces it (a revised
     * forecast), unless the stored one was published later. Then drops what is over the limits.
     *
     * @throws IllegalArgumentException when the record is for another zone or signal, or is not a valid interval
     */
    public void add(GridIntensity record) {
        String problem = problem(record);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (!zone.equals(record.getZone()) || signal != record.getSignal()) {
            throw new IllegalArgumentException("history of " + zone + "/" + signal + " cannot hold "
                    + record.getZone() + "/" + record.getSignal());
        }
        List<GridIntensity> sameStart = byStart.computeIfAbsent(record.getValidFrom(), k -> new ArrayList<>(2));
        boolean replaced = false;
        for (int i = 0; i < sameStart.size(); i++) {
            GridIntensity old = sameStart.get(i);
            if (old.getValidTo().equals(record.getValidTo()) && old.getKind() == record.getKind()) {
                if (!publishedLater(old, record)) {
                    sameStart.set(i, record);
                }
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            sameStart.add(record);
            size++;
        }
        longestMillis = Math.max(longestMillis, record.getValidTo().toEpochMilli() - record.getValidFrom().toEpochMilli());
        if (newestStart == null || record.getValidFrom().isAfter(newestStart)) {
            newestStart = record.getValidFrom();
        }
        evict();
    }

    /** The value valid at {@code time}: the most trusted interval covering it, if any. */
    public Optional<Intensity> at(Instant time) {
        return intervalAt(time).map(Intensity::of);
    }

    /** The interval {@link #at} uses for {@code time}. */
    public Optional<GridIntensity> intervalAt(Instant time) {
        GridIntensity best = null;
        Instant earliestStart = time.minusMillis(longestMillis);
        for (Map.Entry<Instant, List<GridIntensity>> e : byStart.headMap(time, true).descendingMap().entrySet()) {
            if (e.getKey().isBefore(earliestStart)) {
                break;
            }
            for (GridIntensity candidate : e.getValue()) {
                if (candidate.getValidTo().isAfter(time) && (best == null || better(candidate, best))) {
                    best = candidate;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The interval that ended last at or before {@code time} (for carrying a value over a gap in the feed). */
    public Optional<GridIntensity> latestEndedBy(Instant time) {
        GridIntensity latest = null;
        for (List<GridIntensity> list : byStart.headMap(time, false).values()) {
            for (GridIntensity candidate : list) {
                if (!candidate.getValidTo().isAfter(time)
                        && (latest == null || candidate.getValidTo().isAfter(latest.getValidTo())
                        || candidate.getValidTo().equals(latest.getValidTo()) && better(candidate, latest))) {
                    latest = candidate;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Every stored interval, ordered by start then arrival. */
    public List<GridIntensity> intervals() {
        List<GridIntensity> all = new ArrayList<>(size);
        byStart.values().forEach(all::addAll);
        return all;
    }

    public int size() {
        return size;
    }

    public String zone() {
        return zone;
    }

    public SignalType signal() {
        return signal;
    }

    private void evict() {
        Instant horizon = newestStart.minus(limits.ttl());
        Iterator<Map.Entry<Instant, List<GridIntensity>>> it = byStart.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Instant, List<GridIntensity>> e = it.next();
            if (!e.getKey().isBefore(horizon)) {
                break;
            }
            List<GridIntensity> list = e.getValue();
            int before = list.size();
            list.removeIf(g -> !g.getValidTo().isAfter(horizon));
            size -= before - list.size();
            if (list.isEmpty()) {
                it.remove();
            }
        }
        while (size > limits.maxEntries()) {
            Map.Entry<Instant, List<GridIntensity>> oldest = byStart.firstEntry();
            oldest.getValue().remove(0);
            size--;
            if (oldest.getValue().isEmpty()) {
                byStart.remove(oldest.getKey());
            }
        }
    }

    /**
     * Whether {@code a} is preferred over {@code b} for the same instant: the more trusted kind, then the later
     * publication, then the later start (the more specific interval); on a full tie the later arrival, which callers
     * pass as {@code a}.
     */
    private static boolean better(GridIntensity a, GridIntensity b) {
        int ka = Intensity.weakness(a.getKind());
        int kb = Intensity.weakness(b.getKind());
        if (ka != kb) {
            return ka < kb;
        }
        if (publishedLater(a, b)) {
            return true;
        }
        if (publishedLater(b, a)) {
            return false;
        }
        return !a.getValidFrom().isBefore(b.getValidFrom());
    }

    /** Whether {@code a} was published strictly after {@code b} (unknown publication counts as earliest). */
    private static boolean publishedLater(GridIntensity a, GridIntensity b) {
        if (a.getPublishedAt() == null) {
            return false;
        }
        return b.getPublishedAt() == null || a.getPublishedAt().isAfter(b.getPublishedAt());
    }
}
