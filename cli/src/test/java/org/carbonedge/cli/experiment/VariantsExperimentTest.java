package org.carbonedge.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.carbonedge.cli.CliRun;
import org.carbonedge.lab.SharedGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carbonedge experiment variants}: bad input is one usage line and exit code 2. */
class VariantsExperimentTest {

    @TempDir
    Path dir;

    @Test
    void badArgumentsAreOneLineAndExitCodeTwoBeforeAnyDataIsRead() {
        String missing = dir.resolve("missing.csv").toString();
        List<String[]> cases = List.of(
                new String[] {"--data", missing, "--from", "2023-11-20T00:30:00Z"},
                new String[] {"--data", missing, "--from", "yesterday"},
                new String[] {"--data", missing, "--hours", "0"},
                new String[] {"--data", missing, "--hour-seconds", "0.5"},
                new String[] {"--data", missing, "--per-hour", "0"},
                new String[] {"--data", missing, "--devices", "paper,cloud"},
                new String[] {"--data", missing, "--devices", "edge,edge"},
                new String[] {"--data", missing, "--floors", "70"},
                new String[] {"--data", missing, "--floors", "0.7,0.7"},
                new String[] {"--data", missing, "--floors", "0.99"},
                new String[] {"--data", missing, "--objectives", "-0.1"},
                new String[] {"--data", missing, "--policy", "cheapest"},
                new String[] {"--data", missing});
        CliRun.assertEachIsOneUsageLine(List.of("experiment", "variants"), cases);
        CliRun run = CliRun.run("experiment", "variants", "--data", missing, "--floors", "0.99");
        assertThat(run.errLines().get(0)).contains("no variant of the family reaches 0.99");
        run = CliRun.run("experiment", "variants", "--data", missing, "--devices", "cloud");
        assertThat(run.errLines().get(0)).contains("unknown device set 'cloud'");
    }

    @Test
    void aWindowOrZoneTheFileDoesNotCoverIsOneUsageLine() {
        String neso = SharedGrid.neso().toString();
        CliRun.assertEachIsOneUsageLine(List.of("experiment", "variants"), List.of(
                new String[] {"--data", neso, "--from", "2024-06-01T00:00:00Z"},
                new String[] {"--data", neso, "--zone", "FR"}));
    }
}
