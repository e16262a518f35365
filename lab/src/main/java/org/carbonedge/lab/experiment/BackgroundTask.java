package org.carbonedge.lab.experiment;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An experiment's side work on its own daemon thread (replaying intensity records while requests are sent):
 * {@link #finish} waits for its end and reports its failure; {@link #close} asks it to stop, waits a little and
 * closes what it wrote to.
 */
final class BackgroundTask implements AutoCloseable {

    /** The work; may throw. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Runnable stop;
    private final AutoCloseable output;

    private BackgroundTask(String name, Body body, Runnable stop, AutoCloseable output) {
        this.stop = stop;
        this.output = output;
        this.thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, name);
        thread.setDaemon(true);
    }

    /**
     * Starts {@code body} on thread {@code name}.
     *
     * @param stop   asks the body to return early (called from {@link #close})
     * @param output what the body writes to, closed last
     */
    static BackgroundTask start(String name, Body body, Runnable stop, AutoCloseable output) {
        BackgroundTask task = new BackgroundTask(name, body, stop, output);
        task.thread.start();
        return task;
    }

    /** Waits (at most 30 s) for the body's end and reports its failure, if any, as {@code what} failed. */
    void finish(String what) throws InterruptedException {
        thread.join(Duration.ofSeconds(30).toMillis());
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException(what + " failed: " + t.getMessage(), t);
        }
    }

    @Override
    public void close() throws Exception {
        stop.run();
        thread.join(Duration.ofSeconds(10).toMillis());
        output.close();
    }
}
