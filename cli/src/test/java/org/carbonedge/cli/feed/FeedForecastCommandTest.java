package org.carbonedge.cli.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.carbonedge.cli.CliRun;
import org.junit.jupiter.api.Test;

/**
 * {@code carbonedge feed forecast} on a small synthetic NESO-format file (10 days, half-hourly, its forecast column
 * 5% above the actual): the evaluation table and machine line, the forecast records, and bad arguments.
 */
class FeedForecastCommandTest {

    private static String file() {
        try {
            return Path.of(FeedForecastCommandTest.class.getResource("/forecast/synthetic_neso_10days.csv").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> out = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    @Test
    void evaluatePrintsATableAndOneLinePerZoneWithTheProvidersMape() {
        CliRun run = CliRun.run("feed", "forecast", "--evaluate", file());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines.get(0)).startsWith("zone").contains("1h", "6-24h", "provider");
        List<String> machine = lines.stream().filter(l -> l.startsWith("forecast zone=")).toList();
        assertThat(machine).singleElement().asString().startsWith("forecast zone=GB file=synthetic_neso_10days.csv source=carbonedge-seasonal step=PT30M ");
        Map<String, String> f = fields(machine.get(0));
        assertThat(f).containsEntry("issues", "72").containsEntry("zero_actuals", "0").containsEntry("empty_forecasts", "0")
                .containsKeys("mape_pct", "mape_24h_pct", "mape_1h_pct", "mape_1_6h_pct", "mape_6_24h_pct",
                        "mape_24_48h_pct", "wape_24h_pct", "persistence_mape_24h_pct", "seasonal_naive_mape_24h_pct");
        assertThat(Double.parseDouble(f.get("provider_mape_pct"))).isBetween(4.5, 5.5);
        assertThat(Long.parseLong(f.get("provider_points"))).isEqualTo(3 * 48);
        assertThat(Double.parseDouble(f.get("mape_1h_pct"))).isLessThan(Double.parseDouble(f.get("mape_24_48h_pct")));
        assertThat(Double.parseDouble(f.get("mape_24h_pct"))).isLessThan(Double.parseDouble(f.get("persistence_mape_24h_pct")));
        assertThat(run.errLines()).anyMatch(l -> l.startsWith("read ") && l.contains("format=neso-csv"));
    }

    @Test
    void eachFileIsEvaluatedOnItsOwnEvenForTheSameZone() {
        CliRun run = CliRun.run("feed", "forecast", "--evaluate", "--hours", "24", file(), file());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> machine = run.outLines().stream().filter(l -> l.startsWith("forecast zone=GB ")).toList();
        assertThat(machine).hasSize(2);
        assertThat(fields(machine.get(0)).get("mape_pct")).isEqualTo(fields(machine.get(1)).get("mape_pct"))
                .isEqualTo(fields(machine.get(0)).get("mape_24h_pct"));
        assertThat(fields(machine.get(0))).containsEntry("mape_24_48h_pct", "NaN");
    }

    @Test
    void withoutEvaluateItPrintsTheForecastRecordsIssuedAtTheGivenTime() {
        CliRun run = CliRun.run("feed", "forecast", file(), "--at", "2023-01-09T12:10:00Z", "--hours", "2");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.outLines()).hasSize(5); // 12:00 (running at the issue time) to 14:00, half-hourly
        assertThat(run.outLines().get(0)).startsWith("zone=GB valid_from=2023-01-09T12:00:00Z valid_to=2023-01-09T12:30:00Z ")
                .contains(" kind=FORECAST source=carbonedge-seasonal published_at=2023-01-09T12:10:00Z");
    }

    @Test
    void badArgumentsAreOneLineOnStderrAndExitCode2() {
        String[][] cases = {
                {"feed", "forecast", "--evaluate", "/no/such/file.csv"},
                {"feed", "forecast", "--evaluate", file(), "--hours", "0"},
                {"feed", "forecast", "--evaluate", file(), "--at", "2023-01-09T00:00:00Z"},
                {"feed", "forecast", file(), "--at", "yesterday"},
                {"feed", "forecast", "--evaluate", file(), "--gap-policy", "hold-last"},
                {"feed", "forecast", "--evaluate", file(), "--neso-values", "actual-only"},
                {"feed", "forecast", "--evaluate"},
        };
        for (String[] args : cases) {
            CliRun run = CliRun.run(args);
            assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run).isEqualTo(2);
            assertThat(run.errLines()).as(String.join(" ", args)).hasSize(1);
            assertThat(run.out()).isEmpty();
        }
    }
}
