package org.carbonedge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.carbonedge.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short version of {@code carbonedge cluster chaos} on every change: the job jar this module packages runs on a
 * Flink standalone cluster of processes (JobManager, two TaskManagers, on the Flink runtime's class path alone), with
 * three Kafka brokers, the registry and every service in its own JVM; a TaskManager, the JobManager, a broker, an
 * executor and the registry are killed in turn under a stream of requests, and every request accepted must end in
 * exactly one outcome. Runs after {@code package} (failsafe), as the jar does not exist before.
 */
class ClusterChaosIT {

    private static final List<String> FAULTS = List.of("taskmanager", "jobmanager", "broker", "executor", "registry");

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void noFaultLosesOrDuplicatesARequestAndThePipelineDeliversAgainAfterEach() {
        Path jar = Path.of("target", "carbonedge-flink-jobs.jar");
        assertThat(jar).as("the job jar is packaged before integration tests").isRegularFile();
        Path dir = Path.of("target", "chaos-it").toAbsolutePath();

        CliRun run = CliRun.run("cluster", "chaos", "--job-jar", jar.toString(), "--dir", dir.toString(), "--calm", "5");
        System.out.println(run); // the per-fault lines and recovery times, in the failsafe report's output file

        assertThat(run.exitCode()).as(run.toString()).isZero();
        for (String fault : FAULTS) {
            assertThat(run.outLines()).as(run.toString()).filteredOn(l -> l.startsWith("chaos fault=" + fault + " "))
                    .singleElement().asString()
                    .contains(" lost=0 ", " duplicates=0 ")
                    .doesNotContain("recovery_s=none")
                    .doesNotContain(" sent=0 ");
        }
        assertThat(run.out()).contains("result=PASS");
        assertThat(Files.exists(dir)).as("a passing run leaves nothing behind").isFalse();
    }
}
