package org.carbonedge.cli.io;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import org.carbonedge.common.Service;

/**
 * How the long-running service commands (gateway, ledger, rollup) run: start the service, print where it is,
 * wait for Ctrl-C / SIGTERM, then close it before the JVM exits.
 */
public final class RunUntilStopped {

    private RunUntilStopped() {
    }

    /** Starts {@code service}, prints {@code readyLine} once it is ready, and returns after it was stopped and closed. */
    public static void run(Service service, Supplier<String> readyLine, PrintWriter out) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (StopOnSignal stop = new StopOnSignal(stopped::countDown); service) {
            service.start();
            out.println(readyLine.get());
            out.flush();
            stopped.await();
        }
    }
}
