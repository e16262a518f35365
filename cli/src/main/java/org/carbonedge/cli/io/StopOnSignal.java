package org.carbonedge.cli.io;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.carbonedge.cli.Shutdown;

/**
 * Ctrl-C / SIGTERM while a long-running command runs: asks it to stop, then holds the JVM until the command has
 * finished (flushed its output, saved its checkpoint) or the grace period ran out. Closing it, when the command
 * ends normally, unregisters it. Runs inside the command's one {@link Shutdown} hook, so the process's scratch
 * directory is removed only after it.
 */
public final class StopOnSignal implements AutoCloseable {

    /** Grace for commands that only flush output. */
    public static final Duration SHORT_GRACE = Duration.ofSeconds(5);

    private final Shutdown.Registration registration;
    private final CountDownLatch finished = new CountDownLatch(1);

    public StopOnSignal(Runnable requestStop) {
        this(requestStop, SHORT_GRACE);
    }

    public StopOnSignal(Runnable requestStop, Duration grace) {
        this.registration = Shutdown.onShutdown("stop", () -> {
            requestStop.run();
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void close() {
        finished.countDown();
        registration.close();
    }
}
