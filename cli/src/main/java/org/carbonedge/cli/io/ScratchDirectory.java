package org.carbonedge.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory for a command's embedded broker, model store and state, removed with everything in it when
 * the command ends — normally, by an exception, or by Ctrl-C (a shutdown hook). A benchmark or experiment writes
 * gigabytes of broker logs there; left behind, a few runs fill the disk.
 */
public final class ScratchDirectory implements AutoCloseable {

    private final Path path;
    private final Thread onExit;
    private boolean closed;

    private ScratchDirectory(Path path) {
        this.path = path;
        this.onExit = new Thread(() -> delete(path), "remove " + path.getFileName());
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** A new empty directory under the system's temporary directory, its name starting with {@code prefix}. */
    public static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the directory and everything in it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook removes it
            return;
        }
        delete(path);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove " + dir + " (" + e.getMessage() + ")");
        }
    }
}
