package org.carbonedge.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.quality.Gap;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.quality.NormalizedFeed;
import org.carbonedge.feed.quality.ZoneQuality;
import org.carbonedge.feed.quality.ZoneSummary;
import org.carbonedge.feed.read.IntensityFormat;
import org.carbonedge.feed.read.RejectedRow;

/**
 * Everything {@code replay} needs after loading: clean per-zone series for the replay engine, and what to tell the
 * user (per-file counts, rejected rows with file:line, gaps, notes, the {@code --summary} lines).
 */
public final class LoadedFeed {
    /** What one file contributed. */
    public record FileReport(String source, IntensityFormat format, long rowsRead, long records, long rejected) {
    }

    private final List<FileReport> files;
    private final NormalizedFeed normalized;
    private final List<RejectedRow> rejected;
    private final List<String> notes;

    LoadedFeed(List<FileReport> files, NormalizedFeed normalized, List<RejectedRow> rejected, List<String> notes) {
        this.files = List.copyOf(files);
        this.normalized = normalized;
        this.rejected = List.copyOf(rejected);
        this.notes = List.copyOf(notes);
    }

    public List<FileReport> files() {
        return files;
    }

    /** Zone → records sorted by start time, gap policy applied; the input of the replay engine. */
    public SortedMap<String, List<GridIntensity>> series() {
        return normalized.series();
    }

    public SortedMap<String, ZoneQuality> quality() {
        return normalized.quality();
    }

    public GapPolicy gapPolicy() {
        return normalized.gapPolicy();
    }

    /** Every rejected row, in file order; print with {@code toString()} ({@code file:line: reason}). */
    public List<RejectedRow> rejected() {
        return rejected;
    }

    /** One-line remarks from the readers (e.g. how empty values were handled). */
    public List<String> notes() {
        return notes;
    }

    /** All gaps, zone by zone. */
    public List<Gap> gaps() {
        List<Gap> all = new ArrayList<>();
        for (ZoneQuality q : quality().values()) {
            all.addAll(q.gaps());
        }
        return all;
    }

    public List<ZoneSummary> summaries() {
        List<ZoneSummary> out = new ArrayList<>();
        for (ZoneQuality q : quality().values()) {
            out.add(q.summary());
        }
        return out;
    }

    /** The {@code --dry-run --summary} output: one {@code zone=Z rows=N mean=X ...} line per zone. */
    public List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        for (ZoneSummary s : summaries()) {
            out.add(s.toLine());
        }
        return out;
    }

    /** Records that a replay of the whole feed would emit per loop (gap fills included, before aliases). */
    public long recordCount() {
        return normalized.recordCount();
    }
}
