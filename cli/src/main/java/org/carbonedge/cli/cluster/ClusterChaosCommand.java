package org.carbonedge.cli.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.carbonedge.cli.UsageException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code carbonedge cluster chaos}: starts a {@link LocalCluster} in a directory of its own, runs a {@link ChaosRun}
 * over it — a steady stream of requests while a TaskManager, the JobManager, a broker, an executor and the registry
 * are killed in turn — and prints one machine-readable line per fault and a summary. Exit code 0 only when no
 * request was lost or duplicated and the pipeline delivered again after every fault. The directory (logs included)
 * is removed after a passing run unless {@code --keep}, and kept after a failing one.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Start a cluster, kill a TaskManager, the JobManager, a broker, an executor and the registry in turn under a stream of requests, and check that every request ends exactly once.")
public final class ClusterChaosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the cluster lives (default: ${DEFAULT-VALUE}; must not hold a cluster).")
    Path dir = Path.of(".carbonedge", "chaos");

    @Option(names = "--job-jar", paramLabel = "JAR", description = "The Flink job jar (default: docker/target/carbonedge-flink-jobs.jar).")
    Path jobJar;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "5", description = "Requests per second (default: ${DEFAULT-VALUE}).")
    double ratePerSecond;

    @Option(names = "--calm", paramLabel = "SECONDS", defaultValue = "10", description = "Steady stream before each fault (default: ${DEFAULT-VALUE}).")
    int calmSeconds;

    @Option(names = "--faults", paramLabel = "FAULT", split = ",",
            description = "Faults, in order (default: taskmanager,jobmanager,broker,executor,registry).")
    List<String> faults;

    @Option(names = "--keep", description = "Keep the directory (logs, data) after a passing run.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        if (!(ratePerSecond > 0 && ratePerSecond <= 200)) {
            throw new UsageException("invalid value for option '--rate': more than 0 and at most 200, got " + ratePerSecond);
        }
        if (calmSeconds < 1 || calmSeconds > 600) {
            throw new UsageException("invalid value for option '--calm': 1 to 600 seconds, got " + calmSeconds);
        }
        List<ChaosFault> chosen = faults == null ? List.of(ChaosFault.values()) : faults.stream().map(f -> {
            try {
                return ChaosFault.valueOf(f.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid value for option '--faults': unknown fault '" + f
                        + "' (known: taskmanager, jobmanager, broker, executor, registry)");
            }
        }).toList();
        Path jar = ClusterCommand.jobJar(jobJar);
        if (Files.exists(dir.resolve(ClusterFiles.PROCESSES))) {
            throw new UsageException("invalid value for option '--dir': " + dir + " holds a cluster; give another directory");
        }
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        List<ChaosRun.Result> results;
        long residentBytes;
        try (LocalCluster cluster = LocalCluster.start(new LocalCluster.Options(dir, jar, 2, 2, Duration.ofMinutes(4)), out)) {
            ClusterUpCommand.report(cluster, out);
            residentBytes = cluster.residentBytes();
            results = new ChaosRun(cluster, new ChaosRun.Settings(ratePerSecond, Duration.ofSeconds(calmSeconds),
                    Duration.ofMinutes(2), Duration.ofMinutes(3), chosen, "mnist-cnn"), out).run();
            residentBytes = Math.max(residentBytes, cluster.residentBytes());
        }
        boolean passed = results.stream().allMatch(ChaosRun.Result::passed);
        results.forEach(r -> out.println(r.line()));
        out.printf(Locale.ROOT, "chaos faults=%d sent=%d lost=%d duplicates=%d resident_mb=%d seconds=%.0f result=%s%n",
                results.size(), results.stream().mapToInt(r -> r.counts().sent()).sum(),
                results.stream().mapToInt(r -> r.counts().lost()).sum(),
                results.stream().mapToInt(r -> r.counts().duplicates()).sum(), residentBytes / (1024 * 1024),
                (System.nanoTime() - t0) / 1e9, passed ? "PASS" : "FAIL");
        out.flush();
        if (passed && !keep) {
            delete(dir);
        } else if (!passed) {
            spec.commandLine().getErr().println("cluster chaos: a fault lost, duplicated or did not recover; logs in "
                    + dir.resolve("logs"));
        }
        return passed ? 0 : 1;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
