package org.carbonedge.cli.io;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C / SIGTERM while a long-running io command runs: asks it to stop, then holds the JVM until it has
 * finished its output (a few seconds at most). Closing it, when the command ends normally, removes the hook.
 */
final class StopOnSignal implements AutoCloseable {

    private static final long GRACE_MILLIS = 5_000;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    StopOnSignal(Runnable requestStop) {
        this.hook = new Thread(() -> {
            requestStop.run();
            try {
                finished.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "carbonedge-io-stop");
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
