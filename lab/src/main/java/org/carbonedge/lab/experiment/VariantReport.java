package org.carbonedge.lab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.lab.report.HtmlPage;
import org.carbonedge.lab.report.LineChart;

/**
 * Prints a variants experiment's results (a table, then one {@code experiment=variants ...} line per device set and
 * workload) and writes them as {@code variants-<zone>-<from>-<to>.csv} and {@code .html}.
 */
final class VariantReport {

    static final List<String> HEADER = List.of("devices", "workload", "requests", "ok", "not_ok", "gco2_per_inference",
            "reduction_vs_full_pct", "latency_mean_ms", "latency_p95_ms", "accuracy_mean", "below_floor", "windows",
            "windows_met", "min_window_accuracy", "static_mix_gco2_per_inference", "vs_static_mix_pct",
            "window_mix_gco2_per_inference", "vs_window_mix_pct", "mix");

    private VariantReport() {
    }

    static String baseName(String zone, Instant from, Instant to) {
        return TraceReport.baseName("variants-" + zone, from, to);
    }

    static void print(String zone, List<VariantAnalysis.Row> rows, PrintStream out) {
        out.println(String.format(Locale.ROOT, "%-8s %-16s %5s %11s %9s %9s %9s %8s %6s %9s  %s",
                "devices", "workload", "ok", "gCO2/inf", "reduction", "lat ms", "p95 ms", "accuracy", "below",
                "windows", "mix"));
        for (VariantAnalysis.Row r : rows) {
            out.println(String.format(Locale.ROOT, "%-8s %-16s %5d %11.4g %8.1f%% %9.2f %9.2f %8.4f %6d %9s  %s",
                    r.devices(), r.workload().key(), r.ok(), r.gco2PerInference(), r.reductionVsFullPct(),
                    r.latencyMeanMillis(), r.latencyP95Millis(), r.accuracyMean(), r.belowFloor(), windows(r), mix(r)));
        }
        for (VariantAnalysis.Row r : rows) {
            out.println(VariantAnalysis.line(zone, r));
        }
    }

    static List<List<String>> cells(List<VariantAnalysis.Row> rows) {
        List<List<String>> out = new ArrayList<>();
        for (VariantAnalysis.Row r : rows) {
            boolean objective = r.workload().objective() != null;
            out.add(List.of(r.devices(), r.workload().key(), Integer.toString(r.requests()), Integer.toString(r.ok()),
                    Integer.toString(r.notOk()), number("%.6g", r.gco2PerInference()),
                    number("%.2f", r.reductionVsFullPct()), number("%.3f", r.latencyMeanMillis()),
                    number("%.3f", r.latencyP95Millis()), number("%.4f", r.accuracyMean()),
                    Integer.toString(r.belowFloor()), objective ? Integer.toString(r.windows()) : "",
                    objective ? Integer.toString(r.windowsMet()) : "", number("%.4f", r.minWindowMean()),
                    number("%.6g", r.staticMixGco2()), number("%.2f", r.vsStaticMixPct()),
                    number("%.6g", r.windowMixGco2()), number("%.2f", r.vsWindowMixPct()), mix(r)));
        }
        return out;
    }

    /**
     * Writes the CSV and the HTML page into {@code dir}; returns their paths (CSV first).
     *
     * @param measured the zone's measured intensity, grid time (drawn on the page)
     */
    static List<Path> write(String zone, List<VariantAnalysis.Row> rows, List<String> setup,
                            List<GridIntensity> measured, Path dir, Instant from, Instant to) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append('\n');
        cells(rows).forEach(c -> csv.append(String.join(",", c)).append('\n'));
        String base = baseName(zone, from, to);
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(dir.resolve(base + ".csv"), csv.toString()));
        files.add(Files.writeString(dir.resolve(base + ".html"), html(zone, rows, setup, measured)));
        return files;
    }

    static String html(String zone, List<VariantAnalysis.Row> rows, List<String> setup, List<GridIntensity> measured) {
        HtmlPage page = new HtmlPage("CarbonEdge variants experiment: MobileNetV2 widths in " + zone);
        page.list(setup);
        page.heading("Workloads by device set");
        page.table(HEADER, cells(rows), List.of(0, 1));
        page.paragraph("baseline=full: every request names mobilenetv2 (width 1.0) and no floor, so exactly it serves;"
                + " floor=F: any variant of the family at or above F may serve (the policy picks among them);"
                + " objective=T: no floor, the router keeps the mean accuracy of the label's requests at or above T in"
                + " every window (one grid hour, compressed like the grid). reduction_vs_full_pct compares the records'"
                + " mean totalGco2 with the baseline's on the same devices; below_floor counts requests served with"
                + " less accuracy than their floor; windows_met counts the windows whose mean held the target;"
                + " static_mix is the cheapest fixed mix of variants meeting the objective's target, each variant at"
                + " its mean gCO2 over all the device set's records, and vs_static_mix_pct how much less the router paid;"
                + " it is fractional, which a window of a few requests cannot serve. window_mix is the cheapest mix of"
                + " whole requests meeting the target in every window, fixed in advance for each window's count, and"
                + " vs_window_mix_pct how much less the router paid than that.");
        if (!measured.isEmpty()) {
            page.heading("Grid intensity");
            LineChart chart = new LineChart("Intensity of " + zone + " (grid time, UTC)", "time (UTC)", "gCO2e per kWh")
                    .utcTimeAxis().steps();
            chart.series("measured", measured.stream().mapToDouble(r -> r.getValidFrom().toEpochMilli()).toArray(),
                    measured.stream().mapToDouble(GridIntensity::getGco2PerKwh).toArray());
            page.figure(chart, "The measured intensity the run replayed.");
        }
        return page.render();
    }

    private static String windows(VariantAnalysis.Row r) {
        return r.workload().objective() == null ? "-" : r.windowsMet() + "/" + r.windows();
    }

    /** {@code mobilenetv2:12 mobilenetv2-w075:30}: served requests by variant. */
    static String mix(VariantAnalysis.Row r) {
        return r.mix().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String number(String format, double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
    }
}
