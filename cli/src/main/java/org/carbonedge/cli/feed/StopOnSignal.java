package org.carbonedge.cli.feed;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C / SIGTERM while a feed command runs: asks the running replay or poller to stop, then holds the JVM until
 * the command has flushed the producer and saved its checkpoint (up to a grace period), so an interrupted replay
 * can resume without losing records. Closing it (when the command ends normally) removes the hook.
 */
final class StopOnSignal implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    StopOnSignal(Runnable requestStop) {
        this.hook = new Thread(() -> {
            requestStop.run();
            try {
                finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "carbonedge-feed-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and now returns
        }
    }
}
