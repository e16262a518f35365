package org.carbonedge.cli.experiment;

import org.carbonedge.lab.SharedGrid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.carbonedge.cli.CliRun;
import org.carbonedge.lab.experiment.TraceAnalysis;
import org.carbonedge.lab.experiment.TraceExperiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbonedge experiment trace} at a tiny scale on the real pipeline and the real 2023 grid data: three grid
 * hours of DE, ES and GB, 1.5 s each, one mnist-cnn request per policy and hour.
 */
class TraceExperimentTest {

    @TempDir
    Path dir;

    @Test
    void everyPolicyReportsAgainstTheOracleAndTheCsvsParse() throws Exception {
        Path grid = SharedGrid.electricityMaps();
        CliRun run = CliRun.run("experiment", "trace", "--data", grid.toString(), "--devices", "DE,ES,GB",
                "--from", "2023-11-19T08:00:00Z", "--to", "2023-11-19T11:00:00Z", "--hour-seconds", "1.5",
                "--requests-per-hour", "1", "--model", "mnist-cnn", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> labels = new ArrayList<>(TraceExperiment.POLICIES);
        labels.add(TraceExperiment.GREEN_SLO);
        labels.add(TraceAnalysis.ORACLE);
        for (String label : labels) {
            assertThat(run.outLines()).as(label).filteredOn(l -> l.startsWith("experiment=trace policy=" + label + " "))
                    .singleElement().satisfies(l -> assertThat(l).contains("gco2_per_inference=", "pct_of_oracle=",
                            "pct_of_carbon_agnostic=", "inferences="));
        }
        assertThat(run.out()).as("every stage accounted with the replayed trace's intensity").doesNotContain("note:");

        List<Map<String, String>> rows = csv(dir.resolve("trace-20231119T0800Z-20231119T1100Z.csv"));
        assertThat(rows).extracting(r -> r.get("policy")).containsExactlyElementsOf(labels);
        double agnostic = number(rows.get(0), "gco2_per_inference");
        for (Map<String, String> r : rows) {
            String label = r.get("policy");
            double gco2 = number(r, "gco2_per_inference");
            double oracle = number(r, "oracle_gco2_per_inference");
            assertThat(number(r, "ok")).as(label).isPositive();
            assertThat(gco2).as(label).isPositive();
            assertThat(oracle).as(label + ": the oracle is never above the policy").isLessThanOrEqualTo(gco2);
            assertThat(number(r, "pct_of_oracle")).as(label).isCloseTo(100 * gco2 / oracle, within(0.02));
            assertThat(number(r, "pct_of_carbon_agnostic")).as(label).isCloseTo(100 * gco2 / agnostic, within(0.02));
            assertThat(number(r, "share_DE") + number(r, "share_ES") + number(r, "share_GB")).as(label)
                    .isCloseTo(1.0, within(0.001));
        }
        List<Map<String, String>> hours = csv(dir.resolve("trace-20231119T0800Z-20231119T1100Z-hourly.csv"));
        assertThat(hours).hasSize(3 * 3);
        assertThat(hours.get(0)).containsEntry("hour_utc", "2023-11-19T08:00:00Z").containsEntry("zone", "DE")
                .containsEntry("gco2_per_kwh", "135.93"); // DE_2023_hourly.csv, 2023-11-19 08:00
        assertThat(hours).filteredOn(h -> h.get("oracle").equals("1")).hasSize(3);
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        String grid = SharedGrid.electricityMaps().toString();
        List<String[]> cases = List.of(
                new String[] {"--data", grid, "--devices", "DE,XX,GB"},
                new String[] {"--data", grid, "--from", "2024-06-01T00:00:00Z", "--to", "2024-06-02T00:00:00Z"},
                new String[] {"--data", grid, "--from", "2023-11-21T00:00:00Z", "--to", "2023-11-19T00:00:00Z"},
                new String[] {"--data", grid, "--from", "2023-11-19T00:30:00Z"},
                new String[] {"--data", grid, "--speed", "0"},
                new String[] {"--data", grid, "--hour-seconds", "-1"},
                new String[] {"--data", grid, "--speed", "fast"},
                new String[] {"--data", grid, "--speed", "1800", "--hour-seconds", "2"},
                new String[] {"--data", grid, "--model", "resnet-9000"},
                new String[] {"--data", dir.resolve("missing").toString()});
        CliRun.assertEachIsOneUsageLine(List.of("experiment", "trace"), cases);
    }

    private static List<Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).as(line).hasSize(header.length);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double number(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }
}
