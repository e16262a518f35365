package org.carbonedge.cli.cluster;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.carbonedge.cli.UsageException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code carbonedge cluster down}: asks the {@code cluster up} that supervises the cluster in {@code --dir} to stop
 * (SIGTERM; it stops its processes in order), and then stops, in the same order, any process of the table that still
 * runs — those a killed supervisor left behind. A pid is only signalled while its command line still names the
 * cluster's directory, so a pid the system has since reused is left alone.
 */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the cluster of processes in --dir, in order.")
public final class ClusterDownCommand implements Callable<Integer> {

    private static final Duration SUPERVISOR_GRACE = Duration.ofMinutes(3);
    private static final Duration PROCESS_GRACE = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "The cluster's directory (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of(ClusterCommand.DEFAULT_DIR);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path table = dir.resolve(ClusterFiles.PROCESSES);
        if (!Files.isRegularFile(table)) {
            throw new UsageException("no cluster in " + dir + " (no " + ClusterFiles.PROCESSES + ")");
        }
        String marker = dir.toAbsolutePath().normalize().toString();
        Path pidFile = dir.resolve(ClusterFiles.SUPERVISOR_PID);
        if (Files.isRegularFile(pidFile)) {
            Optional<ProcessHandle> supervisor = handle(Files.readString(pidFile).strip());
            if (supervisor.isPresent() && supervisor.get().isAlive()) {
                out.println("cluster: stopping the supervisor (pid " + supervisor.get().pid() + ")");
                out.flush();
                supervisor.get().destroy();
                supervisor.get().onExit().get(SUPERVISOR_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        int stopped = 0;
        for (String line : Files.readAllLines(table)) {
            String[] cols = line.split("\t");
            if (cols.length != 2) {
                continue;
            }
            Optional<ProcessHandle> p = handle(cols[1]).filter(h -> h.isAlive() && h.info().commandLine()
                    .map(c -> c.contains(marker)).orElse(false));
            if (p.isPresent()) {
                out.println("cluster: stopping " + cols[0] + " (pid " + cols[1] + ")");
                out.flush();
                stop(p.get());
                stopped++;
            }
        }
        out.println("cluster: down" + (stopped == 0 ? "" : " (" + stopped + " left behind by the supervisor stopped)"));
        return 0;
    }

    private static Optional<ProcessHandle> handle(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void stop(ProcessHandle p) throws Exception {
        p.destroy();
        try {
            p.onExit().get(PROCESS_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            p.onExit().get(PROCESS_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

}
