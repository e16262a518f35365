package org.carbonedge.feed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.quality.NormalizedFeed;
import org.carbonedge.feed.quality.SeriesNormalizer;
import org.carbonedge.feed.read.FormatDetector;
import org.carbonedge.feed.read.IntensityFormat;
import org.carbonedge.feed.read.IntensityReader;
import org.carbonedge.feed.read.ReadResult;
import org.carbonedge.feed.read.RejectedRow;

/**
 * The entry point for {@code ./carbonedge replay FILE...}: detects or applies the format of each file, reads it,
 * fails with one line on a file that is unusable, and normalises all records together (files may overlap or come
 * in any order). The result feeds both {@code --dry-run --summary} and the replay engine.
 */
public final class FeedLoader {
    private final FeedLoadOptions options;

    public FeedLoader(FeedLoadOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Loads {@code files} in the given order (the first of duplicate records wins).
     *
     * @throws FeedException for an unreadable or unrecognised file, a file with no usable row, or (strict mode)
     *                       the first rejected row
     */
    public LoadedFeed load(List<Path> files) {
        if (files.isEmpty()) {
            throw new FeedException("no input files given");
        }
        return assemble(readAll(files));
    }

    /**
     * Reads {@code files} one after the other, in the given order. (Reading them in parallel was measured slower
     * on the 2-core target machine: the JIT compiler threads need the second core while the code warms up.)
     */
    public List<ReadResult> readAll(List<Path> files) {
        List<ReadResult> results = new ArrayList<>(files.size());
        for (Path file : files) {
            results.add(read(file));
        }
        return results;
    }

    /** Reads one file with the configured or detected format, applying the strict / empty-file rules. */
    public ReadResult read(Path file) {
        IntensityFormat format = options.format() != null ? options.format()
                : FormatDetector.detect(file, options.readerSettings().genericMapping() != null);
        IntensityReader reader = options.readerSettings().readerFor(format);
        ReadResult result = reader.read(file);
        check(result);
        return result;
    }

    /** Normalises already-read results (for callers that read sources themselves, e.g. API responses). */
    public LoadedFeed assemble(List<ReadResult> results) {
        List<GridIntensity> all = new ArrayList<>();
        List<RejectedRow> rejected = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<LoadedFeed.FileReport> reports = new ArrayList<>();
        Map<String, Long> rejectedByZone = new HashMap<>();
        for (ReadResult result : results) {
            all.addAll(result.records());
            rejected.addAll(result.rejected());
            notes.addAll(result.notes());
            reports.add(new LoadedFeed.FileReport(result.source(), result.format(), result.rowsRead(),
                    result.records().size(), result.rejected().size()));
            String soleZone = soleZone(result);
            for (RejectedRow row : result.rejected()) {
                String zone = row.zone() != null ? row.zone() : soleZone != null ? soleZone : "?";
                rejectedByZone.merge(zone, 1L, Long::sum);
            }
        }
        NormalizedFeed normalized = new SeriesNormalizer(options.gapPolicy()).normalize(all, rejectedByZone);
        return new LoadedFeed(reports, normalized, rejected, notes);
    }

    private void check(ReadResult result) {
        if (options.strict() && !result.rejected().isEmpty()) {
            throw new FeedException(result.rejected().get(0).toString()
                    + (result.rejected().size() > 1 ? " (and " + (result.rejected().size() - 1) + " more rejected rows)" : ""));
        }
        if (result.records().isEmpty()) {
            if (result.rejected().isEmpty()) {
                throw new FeedException(result.source() + ": no data rows");
            }
            throw new FeedException(result.source() + ": no usable rows (" + result.rejected().size()
                    + " rejected; first: " + result.rejected().get(0) + ")");
        }
    }

    private static String soleZone(ReadResult result) {
        String zone = null;
        for (GridIntensity r : result.records()) {
            if (zone == null) {
                zone = r.getZone();
            } else if (!zone.equals(r.getZone())) {
                return null;
            }
        }
        return zone;
    }
}
