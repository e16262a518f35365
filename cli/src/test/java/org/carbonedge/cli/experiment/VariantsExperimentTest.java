package org.carbonedge.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carbonedge.cli.CliRun;
import org.carbonedge.lab.SharedGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbonedge experiment variants}: a tiny end-to-end run on the real pipeline and NESO's real GB 2023
 * half-hours (four grid hours at one wall second each, two arrivals per hour, the edge devices), and bad input as one
 * usage line and exit code 2.
 */
class VariantsExperimentTest {

    private static final Pattern LINE = Pattern.compile("experiment=variants (\\S+) gco2_per_inference=(\\S+)"
            + " reduction_vs_full_pct=(\\S+) accuracy_mean=(\\S+) below_floor=(\\d+)(?: windows=(\\d+) windows_met=(\\d+)"
            + " min_window_accuracy=\\S+ static_mix_gco2_per_inference=\\S+ vs_static_mix_pct=\\S+"
            + " window_mix_gco2_per_inference=\\S+ vs_window_mix_pct=\\S+)? devices=edge zone=GB .* inferences=(\\d+) not_ok=(\\d+)");

    @Test
    void everyWorkloadHasItsLineNoneIsServedBelowItsFloorAndTheObjectivesHoldEveryWindow() throws Exception {
        Path neso = SharedGrid.neso();
        CliRun run = CliRun.run("experiment", "variants", "--data", neso.toString(), "--from", "2023-11-20T12:00:00Z",
                "--hours", "4", "--per-hour", "2", "--hour-seconds", "1", "--devices", "edge", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<Matcher> lines = run.outLines().stream().map(LINE::matcher).filter(Matcher::matches).toList();
        assertThat(lines).extracting(m -> m.group(1)).as(run.toString()).containsExactly("baseline=full", "floor=0.72",
                "floor=0.70", "floor=0.65", "floor=0.60", "objective=0.71", "objective=0.69");
        for (Matcher m : lines) {
            String what = m.group(1) + "\n" + run;
            assertThat(m.group(8)).as(what).isEqualTo("8");
            assertThat(m.group(9)).as(what).isEqualTo("0");
            assertThat(m.group(5)).as(what).isEqualTo("0");
            if (m.group(1).startsWith("floor=")) {
                assertThat(Double.parseDouble(m.group(4))).as(what)
                        .isGreaterThanOrEqualTo(Double.parseDouble(m.group(1).substring(6)) - 1e-9);
            }
            if (m.group(6) != null) {
                assertThat(m.group(7)).as("objective met in every window: " + what).isEqualTo(m.group(6));
            }
        }
        assertThat(Files.readAllLines(dir.resolve("variants-GB-20231120T1200Z-20231120T1600Z.csv"))).hasSize(1 + 7);
        assertThat(dir.resolve("variants-GB-20231120T1200Z-20231120T1600Z.html")).exists();
    }

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
