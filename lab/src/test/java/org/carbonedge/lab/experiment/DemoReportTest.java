package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.lab.experiment.DemoResult.DemoPolicy;
import org.carbonedge.lab.experiment.DemoResult.ZoneIntensity;
import org.carbonedge.lab.Csv;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.lab.report.Xml;
import org.carbonedge.feed.demo.DemoFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The demo's report from known figures: the page parses, holds the charts, and the CSVs say what the tables say. */
class DemoReportTest {

    private static final Instant FROM = Instant.parse("2026-11-30T02:20:00Z");
    private static final Instant TO = Instant.parse("2026-11-30T02:24:30Z");

    @TempDir
    Path dir;

    static DemoResult result() {
        List<DemoPolicy> policies = new ArrayList<>();
        String[] names = {"monolithic", "paper-performance", "paper-green", "performance", "balanced", "green"};
        for (int i = 0; i < names.length; i++) {
            boolean green = i >= 4;
            double gco2 = green ? 6.1e-7 + i * 1e-8 : 8.7e-6 - i * 1e-7;
            String placement = green ? "edge-green[0-2]" : "edge-high[0-2]";
            PolicyStats one = new PolicyStats(names[i], 40, 40, 50 + i, 90 + 2 * i, 17.5, gco2, gco2 / 20, 0.0384 + i / 1000.0,
                    Double.NaN, placement);
            PolicyStats loop = new PolicyStats(names[i], 40, 40, 80 + i, 150, 28.123 - i, gco2, gco2 / 20, 0.04, Double.NaN, placement);
            policies.add(new DemoPolicy(one, loop, 24.5 + i, green ? "FR" : "DE"));
        }
        List<PolicyStats> sweep = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            sweep.add(new PolicyStats(String.format("%.1f", i / 10.0), 40, 40, 45 + i, 60 + i, 20.0, i < 4 ? 8.5e-6 : 6e-7,
                    1e-7, 0.03, Double.NaN, i < 4 ? "edge-high[0-2]" : "edge-green[0-2]"));
        }
        Map<String, List<GridIntensity>> intensity = DemoFeed.series(List.of("DE", "GB", "FR"),
                Instant.parse("2026-11-29T02:00:00Z"), Instant.parse("2026-11-30T03:00:00Z"));
        return new DemoResult("mobilenetv2", 3, DeviceSpec.PAPER_NODES, 40, 3, policies, sweep, intensity,
                List.of(new ZoneIntensity("DE", 341.33, 341.33), new ZoneIntensity("FR", 28.38, 28.38)), FROM, TO);
    }

    @Test
    void theReportParsesAndHoldsTheTablesAndTheFourCharts() throws Exception {
        DemoResult r = result();
        DemoReport.write(r, dir);

        Document d = Xml.parse(Files.readString(dir.resolve(DemoReport.HTML)));
        assertThat(Xml.texts(d, "title")).contains("Carbon against latency, one point per policy",
                "Carbon per inference against the carbon weight wC", "Latency against the carbon weight wC",
                "Carbon intensity of each device's zone (UTC)");
        assertThat(Xml.all(d, "svg")).hasSize(4);
        assertThat(Xml.all(d, "table")).hasSize(2);
        assertThat(Xml.all(d, "tr")).hasSize(1 + 6 + 1 + 11);
        assertThat(Xml.texts(d, "text")).contains("green", "monolithic", "DE (edge-high)", "FR (edge-green)",
                "this run, 02:20-02:24", "µg CO2e per inference");
        assertThat(Xml.texts(d, "td")).containsAll(DemoTable.policyRows(r).get(5));
        String text = d.getDocumentElement().getTextContent();
        assertThat(text).contains("Electricity Maps", "ODbL", "edge-high in DE", "edge-medium in GB", "edge-green in FR",
                "mobilenetv2", "DE 341.3, FR 28.4 gCO2/kWh");
    }

    @Test
    void policiesCsvHoldsTheTableFiguresAtFullPrecision() throws Exception {
        DemoResult r = result();
        DemoReport.write(r, dir);

        List<String> lines = Files.readAllLines(dir.resolve(DemoReport.POLICIES_CSV));
        List<String> header = Csv.split(lines.get(0));
        assertThat(header).startsWith("policy", "requests", "ok", "latency_p50_ms", "latency_p95_ms", "throughput_per_s");
        assertThat(lines).hasSize(1 + 6);
        List<List<String>> table = DemoTable.policyRows(r);
        for (int i = 0; i < 6; i++) {
            List<String> row = Csv.split(lines.get(1 + i));
            List<String> cells = table.get(i);
            assertThat(row).hasSameSizeAs(header);
            assertThat(row.get(0)).isEqualTo(cells.get(0));
            assertThat(cells.get(1)).startsWith(f("%.1f", cell(header, row, "latency_p50_ms")));
            assertThat(f("%.1f", cell(header, row, "latency_p95_ms"))).isEqualTo(cells.get(2));
            assertThat(f("%.1f", cell(header, row, "throughput_per_s"))).isEqualTo(cells.get(3));
            assertThat(cells.get(4)).isEqualTo(f("%.3g", cell(header, row, "gco2_per_inference")) + f(" ±%.1f%%",
                    100 * cell(header, row, "gco2_ci95") / cell(header, row, "gco2_per_inference")));
            assertThat(f("%.0f", cell(header, row, "inferences_per_gram"))).isEqualTo(cells.get(5));
            assertThat(cells.get(6)).startsWith(f("%.1f", cell(header, row, "reduction_vs_monolithic_pct")))
                    .endsWith("%");
            assertThat(f("%.2f", cell(header, row, "sched_overhead_us"))).isEqualTo(cells.get(7));
            assertThat(row.get(header.indexOf("placement"))).isEqualTo(cells.get(9));
        }
        assertThat(cell(header, Csv.split(lines.get(6)), "reduction_vs_monolithic_pct")).isGreaterThan(90);
    }

    @Test
    void sweepAndIntensityCsvsHaveARowPerPointAndPerZoneHour() throws Exception {
        DemoResult r = result();
        DemoReport.write(r, dir);

        List<String> sweep = Files.readAllLines(dir.resolve(DemoReport.SWEEP_CSV));
        assertThat(sweep).hasSize(1 + 11);
        List<String> header = Csv.split(sweep.get(0));
        assertThat(header).startsWith("wc", "policy");
        List<String> last = Csv.split(sweep.get(11));
        assertThat(last.get(0)).isEqualTo("1.0");
        assertThat(last.get(1)).isEqualTo("custom:0.0,0.0,0.0,0.0,1.0");
        assertThat(cell(header, last, "latency_p50_ms")).isEqualTo(55.0);

        List<String> intensity = Files.readAllLines(dir.resolve(DemoReport.INTENSITY_CSV));
        assertThat(Csv.split(intensity.get(0))).containsExactly("zone", "valid_from_utc", "valid_to_utc", "gco2_per_kwh",
                "signal", "kind", "source");
        assertThat(intensity).hasSize(1 + 3 * 25);
        assertThat(Csv.split(intensity.get(1))).containsExactly("DE", "2026-11-29T02:00:00Z", "2026-11-29T03:00:00Z",
                "341.33", "AVERAGE", "ESTIMATED", "demo-profile");
    }

    @Test
    void appliedIntensitiesShowARangeWhenTheHourChanged() {
        DemoResult r = result();
        DemoResult changed = new DemoResult(r.model(), r.parts(), r.devices(), r.requests(), r.inFlight(), r.policies(),
                r.sweep(), r.intensity(), List.of(new ZoneIntensity("GB", 122.73, 124.37)), r.runFrom(), r.runTo());
        assertThat(DemoReport.appliedText(changed)).isEqualTo("GB 122.7..124.4 gCO2/kWh");
    }

    @Test
    void chartsShowGramsInTheUnitThatKeepsTheLargestFigureBetweenOneAndAThousand() {
        assertThat(DemoReport.MassUnit.forLargest(1.2e-5)).isEqualTo(new DemoReport.MassUnit("µg", 1e6));
        assertThat(DemoReport.MassUnit.forLargest(4e-3).name()).isEqualTo("mg");
        assertThat(DemoReport.MassUnit.forLargest(5e-8).name()).isEqualTo("ng");
        assertThat(DemoReport.MassUnit.forLargest(2.5).name()).isEqualTo("g");
        assertThat(DemoReport.MassUnit.forLargest(Double.NaN).name()).isEqualTo("g");
    }

    private static double cell(List<String> header, List<String> row, String column) {
        return Double.parseDouble(row.get(header.indexOf(column)));
    }

    private static String f(String format, double value) {
        return String.format(java.util.Locale.ROOT, format, value);
    }
}
