package org.carbonedge.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.carbonedge.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMH bench commands refuse bad arguments and absent data in one line, exit code 2, before JMH starts. */
class BenchArgumentsTest {

    @Test
    void scorerRefusesTooFewDecisionsAndDeviceCountsBelowOne() {
        CliRun run = CliRun.run("bench", "scorer", "--decisions", "10");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("--decisions must be >= 100");
        run = CliRun.run("bench", "scorer", "--devices", "3,0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("device counts must be >= 1");
        run = CliRun.run("bench", "scorer", "--forks", "-1");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    }

    @Test
    void parseWithoutItsDataIsOneLineExitTwo(@TempDir Path dir) {
        CliRun run = CliRun.run("bench", "parse", "--data", dir.resolve("absent").toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .contains("the shared grid data is absent, skipped: " + dir.resolve("absent"));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void serdeRefusesATensorSizeThatIsNoFloatTensor() {
        CliRun run = CliRun.run("bench", "serde", "--tensor-bytes", "602112,5");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("multiples of 4, not 5");
    }

    @Test
    void latencyRefusesBadArgumentsInOneLineBeforeStartingAPipeline() {
        CliRun run = CliRun.run("bench", "latency", "--rate", "0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("--rate must be > 0");
        assertThat(run.out()).isEmpty();
        run = CliRun.run("bench", "latency", "--model", "mnist-cnn,resnet-9000");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("unknown model 'resnet-9000'");
        run = CliRun.run("bench", "latency", "--policy", "performance", "--policy", "fastest");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("unknown policy 'fastest'");
        CliRun.assertEachIsOneUsageLine(java.util.List.of("bench", "latency"), java.util.List.of(
                new String[]{"--requests", "0"}, new String[]{"--warmup", "-1"}, new String[]{"--parts", "0"},
                new String[]{"--timeout", "0"}, new String[]{"--rate", "NaN"}, new String[]{"--rate", "ten"}));
    }
}
