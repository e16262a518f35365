package org.carbonedge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

import org.carbonedge.cli.supervise.StatusFile;
import org.carbonedge.common.Health;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge status}: each component of the {@code carbonedge up} running over a data dir, its state and
 * why, from the status file its supervisor rewrites every second. Exit 0 when everything is up, 1 otherwise
 * (something starting, failed, or {@code up} not running), so scripts and health checks can use it.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the state of each component of a running `carbonedge up` (exit 0 when all are up).")
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The data dir `carbonedge up` runs with (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".carbonedge", "data");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StatusFile.Read status = StatusFile.read(dataDir);
        boolean live = status.live(Instant.now());
        if (status.exited() != null) {
            out.println("up: exited (" + status.exited() + ") at " + status.updatedAt());
        } else if (!live) {
            out.println("up: not running (pid " + status.pid() + ", last seen " + status.updatedAt() + ")");
        } else {
            out.println("up: running, pid " + status.pid() + ", checked " + status.updatedAt());
        }
        status.endpoints().forEach((k, v) -> out.println(k + "=" + v));
        int width = status.components().stream().mapToInt(e -> e.getKey().length()).max().orElse(9);
        boolean allUp = live;
        for (Map.Entry<String, Health> c : status.components()) {
            Health h = c.getValue();
            allUp &= h.state() == Health.State.UP;
            out.printf("%-" + width + "s  %-8s  since %s%s%n", c.getKey(), h.state(), h.since(),
                    h.detail().isEmpty() ? "" : "  " + h.detail());
        }
        out.flush();
        return allUp ? 0 : CarbonEdge.EXIT_FAILURE;
    }
}
