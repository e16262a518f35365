package org.carbonedge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The command's own temporary directory. The {@code carbonedge} script starts the JVM with
 * {@code -Djava.io.tmpdir=<tmp>/carbonedge-<pid>} and {@code -Dcarbonedge.scratch} naming the same directory, so
 * everything libraries put in "the" temporary directory (ONNX Runtime's extracted native libraries, Flink's blob,
 * web-upload and spill directories, our own scratch brokers) lands there and is removed when the command ends. The
 * JVM caches {@code java.io.tmpdir} at start, which is why the script, not this class, has to set it. A
 * {@code kill -9} leaves the directory behind: the next command removes every {@code carbonedge-<pid>} directory
 * whose process is gone.
 */
public final class ProcessScratch {

    /** System property the script sets to the process's scratch directory. */
    public static final String PROPERTY = "carbonedge.scratch";
    private static final String PREFIX = "carbonedge-";

    private ProcessScratch() {
    }

    /** Adopts the scratch directory the script made (if any): removed at exit, stale siblings swept now. */
    public static Optional<Path> adopt() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(value).toAbsolutePath();
        Shutdown.deleteAfterwards(dir);
        sweepStale(dir.getParent(), dir);
        return Optional.of(dir);
    }

    /** Removes {@code carbonedge-<pid>} directories under {@code parent} whose process no longer runs. */
    static void sweepStale(Path parent, Path own) {
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> entries = Files.list(parent)) {
            entries.filter(p -> !p.equals(own) && Files.isDirectory(p))
                    .filter(p -> deadPid(p.getFileName().toString()))
                    .forEach(Shutdown::deleteTree);
        } catch (IOException e) {
            // nothing to sweep
        }
    }

    private static boolean deadPid(String name) {
        if (!name.startsWith(PREFIX)) {
            return false;
        }
        String digits = name.substring(PREFIX.length());
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(digits)).map(h -> !h.isAlive()).orElse(true);
    }
}
