package org.carbonedge.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.carbonedge.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments to {@code cluster}: one line, a non-zero exit, and nothing started. */
class ClusterCommandTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownFaultIsOneLine() throws Exception {
        CliRun r = CliRun.run("cluster", "chaos", "--faults", "taskmanager,meteor", "--job-jar", jar().toString(),
                "--dir", dir.resolve("c").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("unknown fault 'meteor'");
    }

    @Test
    void aRateOfZeroIsOneLine() throws Exception {
        CliRun r = CliRun.run("cluster", "chaos", "--rate", "0", "--job-jar", jar().toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("--rate");
    }

    @Test
    void aMissingJobJarIsOneLine() {
        CliRun r = CliRun.run("cluster", "up", "--job-jar", dir.resolve("nope.jar").toString(), "--dir", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("--job-jar").contains("nope.jar");
    }

    @Test
    void downWithoutAClusterIsOneLine() {
        CliRun r = CliRun.run("cluster", "down", "--dir", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("no cluster in");
    }

    @Test
    void downLeavesAloneAPidThatIsNotTheClusters() throws Exception {
        // this test JVM's pid in the table: its command line does not name the cluster's directory
        Files.writeString(dir.resolve(ClusterFiles.PROCESSES), "gateway\t" + ProcessHandle.current().pid() + "\n");
        CliRun r = CliRun.run("cluster", "down", "--dir", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("cluster: down").doesNotContain("stopping gateway");
    }

    private Path jar() throws Exception {
        return Files.writeString(dir.resolve("jobs.jar"), "not really a jar");
    }
}
