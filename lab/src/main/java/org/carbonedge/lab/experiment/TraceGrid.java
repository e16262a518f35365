package org.carbonedge.lab.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.quality.GapPolicy;

/**
 * The historical intensities a trace experiment replays: every file given (directories are read file by file, in
 * any format the feed readers detect), gaps filled with the last value (marked ESTIMATED, as {@code replay
 * --gap-policy hold-last} does), and each device zone's records in the window checked to cover it from start to end.
 */
final class TraceGrid {

    private TraceGrid() {
    }

    /**
     * Each of {@code zones}' records starting in {@code [from, to)}, in time order.
     *
     * @throws IllegalArgumentException when a path does not exist, a zone has no data, or its data does not cover the window
     */
    static Map<String, List<GridIntensity>> load(List<Path> paths, Collection<String> zones, Instant from, Instant to) {
        SortedMap<String, List<GridIntensity>> series = new FeedLoader(FeedLoadOptions.of(GapPolicy.HOLD_LAST))
                .load(files(paths)).series();
        Map<String, List<GridIntensity>> out = new LinkedHashMap<>();
        for (String zone : zones) {
            List<GridIntensity> all = series.get(zone);
            if (all == null) {
                throw new IllegalArgumentException("no grid data for zone '" + zone + "' in " + paths + " (zones there: "
                        + String.join(", ", series.keySet()) + ")");
            }
            List<GridIntensity> window = all.stream()
                    .filter(r -> !r.getValidFrom().isBefore(from) && r.getValidFrom().isBefore(to)).toList();
            if (window.isEmpty() || window.get(0).getValidFrom().isAfter(from)
                    || window.get(window.size() - 1).getValidTo().isBefore(to)) {
                throw new IllegalArgumentException("the grid data of zone " + zone + " (" + all.get(0).getValidFrom() + " to "
                        + all.get(all.size() - 1).getValidTo() + ") does not cover the window " + from + " to " + to);
            }
            out.put(zone, window);
        }
        return out;
    }

    private static List<Path> files(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    list.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p, e);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IllegalArgumentException(p + ": no such file or directory");
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no grid-intensity files in " + paths);
        }
        return files;
    }
}
