package org.carbonedge.cli.cluster;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.carbonedge.cli.UsageException;
import org.carbonedge.cli.io.StopOnSignal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code carbonedge cluster up}: starts the {@link LocalCluster}, prints where each process listens, its pid and
 * log, and the memory they take together, then supervises it until Ctrl-C / SIGTERM / {@code cluster down}: a
 * process that dies is started again, and the jobs are resubmitted from their retained checkpoints when the
 * JobManager comes back. A service that keeps dying ends the command with one line and exit code 1.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the cluster of processes and supervise it until stopped (Ctrl-C or 'carbonedge cluster down').",
                "The router holds the mean accuracy objectives of CARBONEDGE_ACCURACY_OBJECTIVES (LABEL=VALUE:MEAN/WINDOW, comma-separated), as up --accuracy-objective."})
public final class ClusterUpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Data, logs and checkpoints (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of(ClusterCommand.DEFAULT_DIR);

    @Option(names = "--job-jar", paramLabel = "JAR", description = "The Flink job jar (default: docker/target/carbonedge-flink-jobs.jar).")
    Path jobJar;

    @Option(names = "--taskmanagers", paramLabel = "N", defaultValue = "2", description = "Flink TaskManagers (default: ${DEFAULT-VALUE}).")
    int taskManagers;

    @Override
    public Integer call() throws Exception {
        if (taskManagers < 1 || taskManagers > 8) {
            throw new UsageException("invalid value for option '--taskmanagers': 1 to 8, got " + taskManagers);
        }
        try { // the router job reads them when it is submitted: a bad one is refused here, before anything starts
            org.carbonedge.jobs.router.RouterJob.configFromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Path jar = ClusterCommand.jobJar(jobJar);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ClusterFiles.SUPERVISOR_PID), ProcessHandle.current().pid() + "\n");
        CountDownLatch stopRequested = new CountDownLatch(1);
        try (StopOnSignal stop = new StopOnSignal(stopRequested::countDown, Duration.ofMinutes(3));
             LocalCluster cluster = LocalCluster.start(new LocalCluster.Options(dir, jar, taskManagers, 2,
                     Duration.ofMinutes(3)), out)) {
            report(cluster, out);
            while (!stopRequested.await(1, TimeUnit.SECONDS)) {
                cluster.superviseOnce().forEach(out::println);
                out.flush();
            }
            out.println("cluster: stopping");
            out.flush();
        } finally {
            Files.deleteIfExists(dir.resolve(ClusterFiles.SUPERVISOR_PID));
        }
        return 0;
    }

    static void report(LocalCluster cluster, PrintWriter out) throws java.io.IOException {
        for (Map.Entry<String, Long> p : cluster.processes().entrySet()) {
            out.println("process name=" + p.getKey() + " pid=" + p.getValue());
        }
        out.println("listen kafka=" + cluster.bootstrapServers() + " registry=" + cluster.registryUrl() + " flink="
                + cluster.flinkRestAddress() + " gateway=" + cluster.gatewayUrl() + " ledger=" + cluster.ledgerUrl());
        Path env = cluster.logDir().getParent().resolve(ClusterFiles.ENV);
        Files.writeString(env, "export CARBONEDGE_BOOTSTRAP_SERVERS=" + cluster.bootstrapServers() + "\n"
                + "export CARBONEDGE_REGISTRY_URL=" + cluster.registryUrl() + "\n");
        out.printf(Locale.ROOT, "cluster ready in %.1f s: %d processes, %d MB resident; logs in %s; 'source %s' points"
                        + " publish/subscribe at it; 'carbonedge cluster down --dir %s' stops it%n",
                cluster.startDuration().toMillis() / 1e3, cluster.processes().size(),
                cluster.residentBytes() / (1024 * 1024), cluster.logDir(), env, cluster.logDir().getParent());
        out.flush();
    }
}
