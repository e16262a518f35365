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
 * {@code carbonedge experiment shift} at a tiny scale on the real pipeline and NESO's real GB 2023 half-hours: six
 * grid hours of arrivals (two per hour for each of the 1, 6 and 24 h windows), one grid hour per wall second, the
 * replay running on to the last deadline (30 s of wall time in all, plus the pipeline's start). The arrivals,
 * 20 Nov 2023 12:00-18:00, come at the day's peak (210-250 gCO2/kWh) before an evening and night down to 116 that the
 * day-ahead forecast saw coming, so waiting pays whatever the noise of measured energy; a window at the night's
 * bottom (00:00-06:00 that day) leaves the oracle 6% to save and forecast errors of that size can make waiting cost.
 */
class ShiftExperimentTest {

    private static final Pattern LINE = Pattern.compile(
            "experiment=shift zone=GB window_h=(\\d+) policy=(\\S+) reduction_vs_run_now_pct=(\\S+)"
                    + " pct_of_oracle_saving=(\\S+) deadlines_missed=(\\d+) gco2_per_inference=(\\S+) inferences=(\\d+).*");

    @TempDir
    Path dir;

    @Test
    void everyPolicyAndWindowHasItsLineAndCarbonEdgeMeetsItsDeadlinesWithLessCarbon() throws Exception {
        Path neso = SharedGrid.neso();
        CliRun run = CliRun.run("experiment", "shift", "--data", neso.toString(), "--from", "2023-11-20T12:00:00Z",
                "--days", "0.25", "--hour-seconds", "1", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        double carbonedge = 0;
        double runNow = 0;
        for (int window : List.of(1, 6, 24)) {
            for (String policy : List.of("run-now", "forecast-argmin", "carbonedge", "oracle")) {
                List<Matcher> lines = run.outLines().stream().map(LINE::matcher).filter(Matcher::matches)
                        .filter(m -> m.group(1).equals(Integer.toString(window)) && m.group(2).equals(policy)).toList();
                assertThat(lines).as(window + " h " + policy + "\n" + run).hasSize(1);
                Matcher m = lines.get(0);
                assertThat(Integer.parseInt(m.group(7))).as(window + " h " + policy + " inferences").isEqualTo(12);
                double grams = Double.parseDouble(m.group(6)) * Integer.parseInt(m.group(7));
                if (policy.equals("carbonedge")) {
                    assertThat(m.group(5)).as(window + " h carbonedge: deadlines missed\n" + run).isEqualTo("0");
                    if (window == 24) {
                        assertThat(Double.parseDouble(m.group(3))).as("24 h carbonedge: paired reduction (the same"
                                + " energy at arrival)\n" + run).isPositive();
                    }
                    carbonedge += grams;
                } else if (policy.equals("run-now")) {
                    runNow += grams;
                }
            }
        }
        assertThat(carbonedge).as("carbonedge's gCO2 against run-now's, all windows\n" + run).isLessThanOrEqualTo(runNow);
        Path csv = dir.resolve("shift-GB-20231120T1200Z-20231120T1800Z.csv");
        assertThat(Files.readAllLines(csv)).hasSize(1 + 3 * 4);
        assertThat(dir.resolve("shift-GB-20231120T1200Z-20231120T1800Z.html")).exists();
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        String neso = SharedGrid.neso().toString();
        List<String[]> cases = List.of(
                new String[] {"--data", neso, "--from", "2024-06-01T00:00:00Z"},
                new String[] {"--data", neso, "--from", "2023-11-20T00:30:00Z"},
                new String[] {"--data", neso, "--from", "yesterday"},
                new String[] {"--data", neso, "--hour-seconds", "0.5"},
                new String[] {"--data", neso, "--windows", "0,6"},
                new String[] {"--data", neso, "--windows", "72"},
                new String[] {"--data", neso, "--per-hour", "0"},
                new String[] {"--data", neso, "--days", "2", "--quick"},
                new String[] {"--data", neso, "--model", "resnet-9000"},
                new String[] {"--data", neso, "--policy", "cheapest"},
                new String[] {"--data", neso, "--zone", "FR"},
                new String[] {"--data", dir.resolve("missing.csv").toString()});
        CliRun.assertEachIsOneUsageLine(List.of("experiment", "shift"), cases);
    }

}
