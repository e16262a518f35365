package org.carbonedge.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints and savepoints a Flink job of {@code carbonedge up} left in its directory, so the next start
 * restores from the newest one instead of starting empty: that is what keeps a request counted once across a
 * Ctrl-C or a {@code kill -9}. Layout (Flink's): {@code <dir>/<jobId>/chk-<n>/_metadata} for retained checkpoints and
 * {@code <dir>/savepoints/savepoint-<id>/_metadata} for the savepoint a clean stop takes. A checkpoint or savepoint
 * counts only once its {@code _metadata} exists: Flink writes that file last, so a half-written one from a killed
 * process is never chosen.
 */
public final class RetainedCheckpoints {

    /** File Flink writes last into a completed checkpoint or savepoint. */
    static final String METADATA = "_metadata";
    /** Subdirectory for savepoints taken on a clean stop. */
    static final String SAVEPOINTS = "savepoints";

    private final Path dir;

    public RetainedCheckpoints(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path savepointDir() {
        return dir.resolve(SAVEPOINTS);
    }

    /** The newest completed checkpoint or savepoint (its directory), if any. */
    public Optional<Path> latest() {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(dir, 3, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals(METADATA))) {
            return files.map(Path::getParent)
                    .max(Comparator.comparing(RetainedCheckpoints::completedAt).thenComparing(Path::toString));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes every checkpoint and savepoint but {@code keep} (with hashmap state every checkpoint is
     * self-contained), so restarts do not pile up old jobs' directories.
     */
    public void pruneAllBut(Path keep) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Path keepAbs = keep.toAbsolutePath().normalize();
        for (Path top : list(dir)) {
            if (top.getFileName().toString().equals(SAVEPOINTS)) {
                for (Path sp : list(top)) {
                    if (!keepAbs.startsWith(sp.toAbsolutePath().normalize())) {
                        deleteTree(sp);
                    }
                }
            } else if (!keepAbs.startsWith(top.toAbsolutePath().normalize())) {
                deleteTree(top);
            }
        }
    }

    private static FileTime completedAt(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve(METADATA));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static List<Path> list(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a directory that cannot be removed now is tried again at the next start
        }
    }
}
