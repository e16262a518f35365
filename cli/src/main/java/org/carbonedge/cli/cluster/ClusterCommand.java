package org.carbonedge.cli.cluster;

import java.nio.file.Path;

import org.carbonedge.cli.UsageException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code carbonedge cluster}: CarbonEdge as a cluster of processes on this machine — three Kafka brokers, the
 * registry, a Flink standalone cluster running the Docker image's job jar, and every service in its own JVM
 * ({@link LocalCluster}) — to run, stop and break on purpose.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run CarbonEdge as a cluster of processes on this machine (Kafka x3, registry, Flink JobManager and TaskManagers, every service).",
        subcommands = {ClusterUpCommand.class, ClusterDownCommand.class, ClusterChaosCommand.class})
public final class ClusterCommand implements Runnable {

    /** Where a cluster lives unless told otherwise. */
    static final String DEFAULT_DIR = ".carbonedge/cluster";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: up, down or chaos");
    }

    /**
     * The job jar: {@code given}, else the Docker module's build output under the installation the launcher names
     * ({@code carbonedge.home}), else under the working directory.
     */
    static Path jobJar(Path given) {
        if (given != null) {
            if (!given.toFile().isFile()) {
                throw new UsageException("invalid value for option '--job-jar': no file " + given);
            }
            return given;
        }
        Path home = Path.of(System.getProperty("carbonedge.home", "."));
        Path jar = home.resolve("docker").resolve("target").resolve("carbonedge-flink-jobs.jar");
        if (!jar.toFile().isFile()) {
            throw new UsageException("no job jar at " + jar + ": build it with './mvnw -pl docker -am package -DskipTests'"
                    + " or give --job-jar");
        }
        return jar;
    }
}
