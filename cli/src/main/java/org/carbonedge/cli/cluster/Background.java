package org.carbonedge.cli.cluster;

import java.util.function.Consumer;

/**
 * A loop on its own thread that is asked to stop, and whose failure is not silent: {@link #check} rethrows it on the
 * thread that watches, and {@link #close} stops and joins it.
 */
final class Background implements AutoCloseable {

    /** Whether the loop has been asked to stop. */
    interface StopFlag {
        boolean requested();
    }

    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    private Background(String name, Consumer<StopFlag> loop) {
        this.thread = new Thread(() -> {
            try {
                loop.accept(() -> stop);
            } catch (Throwable t) {
                failure = t;
            }
        }, name);
        this.thread.setDaemon(true);
    }

    static Background start(String name, Consumer<StopFlag> loop) {
        Background b = new Background(name, loop);
        b.thread.start();
        return b;
    }

    /** Throws what ended the loop, if it failed. */
    void check() {
        Throwable t = failure;
        if (t != null) {
            throw new IllegalStateException(thread.getName() + " failed: " + t.getMessage(), t);
        }
    }

    /** Asks the loop to stop and waits for it. */
    void stop() throws InterruptedException {
        stop = true;
        thread.join(60_000);
        check();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(60_000);
    }
}
