package org.carbonedge.cli.io;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.carbonedge.pipeline.Component;
import org.carbonedge.cli.supervise.Supervisor;
import org.carbonedge.common.Service;

/**
 * How the long-running service commands (gateway, ledger, rollup, validate, executor) run: start the service, print
 * where it is, then watch its health until Ctrl-C / SIGTERM. A service that fails for good ends the command with
 * one line and a non-zero exit instead of leaving a process that runs on doing nothing (its supervisor, systemd or
 * a container runtime, then restarts it).
 */
public final class RunUntilStopped {

    private RunUntilStopped() {
    }

    /**
     * Starts {@code service}, prints {@code readyLine} once it is ready, and returns after it was stopped and closed;
     * throws {@link ServiceFailedException} (one line) when it failed for good.
     */
    public static void run(Service service, Supplier<String> readyLine, PrintWriter out) throws Exception {
        Supervisor supervisor = Supervisor.of(List.of(Component.of(service)));
        Optional<Supervisor.Failure> failure;
        try (StopOnSignal stop = new StopOnSignal(supervisor::stop, java.time.Duration.ofSeconds(60)); service) {
            service.start();
            out.println(readyLine.get());
            out.flush();
            failure = supervisor.watch();
        }
        if (failure.isPresent()) {
            throw new ServiceFailedException(failure.get().line());
        }
    }

    /** A supervised service failed for good; the message is the one line the command prints. */
    public static final class ServiceFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ServiceFailedException(String message) {
            super(message);
        }
    }
}
