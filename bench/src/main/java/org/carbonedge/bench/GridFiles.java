package org.carbonedge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where {@link ParseBenchmark} finds the ten 2023 hourly Electricity Maps files: the shared data, read in place and
 * never copied into the repository. A directory given explicitly, else {@code <carbonedge.shared.data>/grid/electricitymaps}
 * (system property), else {@code ../shared/data/grid/electricitymaps} from the repository root or from a module
 * directory (tests run there).
 */
public final class GridFiles {

    /** The files' directory under the shared data. */
    public static final String UNDER_SHARED_DATA = "grid/electricitymaps";
    /** How their names end. */
    public static final String SUFFIX = "_2023_hourly.csv";

    private GridFiles() {
    }

    /** The directory to read: {@code given} when not blank, else the first candidate that exists (or the first one). */
    public static Path directory(String given) {
        if (given != null && !given.isBlank()) {
            return Paths.get(given).toAbsolutePath().normalize();
        }
        List<Path> candidates = candidates();
        return candidates.stream().filter(Files::isDirectory).findFirst().orElse(candidates.get(0))
                .toAbsolutePath().normalize();
    }

    private static List<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("carbonedge.shared.data");
        if (property != null && !property.isBlank()) {
            candidates.add(Paths.get(property).resolve(UNDER_SHARED_DATA));
        }
        candidates.add(Paths.get("../shared/data").resolve(UNDER_SHARED_DATA));
        candidates.add(Paths.get("../../shared/data").resolve(UNDER_SHARED_DATA));
        return candidates;
    }

    /**
     * The {@code *_2023_hourly.csv} files in {@code dir}, sorted.
     *
     * @throws Skip when there are none, or no such directory, saying where it looked and how to point elsewhere
     */
    public static List<Path> in(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new Skip(missing(dir, "no such directory"));
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
            if (files.isEmpty()) {
                throw new Skip(missing(dir, "no *" + SUFFIX + " files there"));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static String missing(Path dir, String why) {
        return "the shared grid data is absent, skipped: " + dir + ": " + why + " (the ten *" + SUFFIX
                + " Electricity Maps files of ../shared/data/" + UNDER_SHARED_DATA + ", never copied into the"
                + " repository; point elsewhere with -p data=DIR, --data DIR or -Dcarbonedge.shared.data=DIR)";
    }
}
