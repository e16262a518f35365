package org.carbonedge.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.carbonedge.cli.Shutdown;

/**
 * A temporary directory for a command's embedded broker, model store and state, removed with everything in it when
 * the command ends — normally, by an exception, or by Ctrl-C (a shutdown hook). A benchmark or experiment writes
 * gigabytes of broker logs there; left behind, a few runs fill the disk.
 */
public final class ScratchDirectory implements AutoCloseable {

    private final Path path;
    private final Shutdown.Registration onExit;
    private boolean closed;

    private ScratchDirectory(Path path) {
        this.path = path;
        this.onExit = Shutdown.onShutdown("remove " + path.getFileName(), () -> Shutdown.deleteTree(path));
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
        onExit.close();
        Shutdown.deleteTree(path);
    }
}
