package org.carbonedge.lab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.lab.report.HtmlPage;
import org.carbonedge.lab.report.LineChart;

/**
 * Prints a shift experiment's results (a table, then one {@code experiment=shift ...} line per window and policy,
 * the oracle included) and writes them as {@code shift-<zone>-<from>-<to>.csv} (one row per window and policy) and
 * {@code .html} (the table, the setup and the zone's measured and forecast intensity).
 */
final class ShiftReport {

    static final List<String> HEADER = List.of("window_h", "policy", "requests", "ok", "gco2_per_inference",
            "energy_joules_per_inference", "raw_reduction_vs_run_now_pct", "reduction_vs_run_now_pct", "pct_of_oracle_saving", "deadlines_missed", "failed", "held",
            "mean_held_grid_h", "router_saving_gco2_per_inference", "peak_in_flight");

    private ShiftReport() {
    }

    static String baseName(String zone, Instant from, Instant to) {
        return TraceReport.baseName("shift-" + zone, from, to);
    }

    static void print(String zone, List<ShiftAnalysis.Row> rows, PrintStream out) {
        out.println(String.format(Locale.ROOT, "%-8s %-16s %5s %11s %9s %9s %9s %7s %6s %6s %8s %9s",
                "window", "policy", "ok", "gCO2/inf", "J/inf", "reduction", "% oracle", "missed", "failed", "held",
                "held h", "in flight"));
        for (ShiftAnalysis.Row r : rows) {
            out.println(String.format(Locale.ROOT, "%-8s %-16s %5d %11.4g %9.3g %8.1f%% %8.1f%% %7d %6d %6d %8s %9d",
                    r.windowHours() + " h", r.policy(), r.ok(), r.gco2PerInference(), r.energyJoulesPerInference(),
                    r.reductionVsRunNowPct(),
                    r.pctOfOracleSaving(), r.deadlinesMissed(), r.failed(), r.held(), hours(r.meanHeldGridHours()),
                    r.peakInFlight()));
        }
        for (ShiftAnalysis.Row r : rows) {
            out.println(line(zone, r));
        }
    }

    /** The machine-readable line of one row. */
    static String line(String zone, ShiftAnalysis.Row r) {
        return String.format(Locale.ROOT, "experiment=shift zone=%s window_h=%d policy=%s reduction_vs_run_now_pct=%.2f"
                        + " pct_of_oracle_saving=%.1f deadlines_missed=%d gco2_per_inference=%.4g inferences=%d failed=%d"
                        + " held=%d mean_held_grid_h=%.2f raw_reduction_vs_run_now_pct=%.2f",
                zone, r.windowHours(), r.policy(), r.reductionVsRunNowPct(), r.pctOfOracleSaving(), r.deadlinesMissed(),
                r.gco2PerInference(), r.ok(), r.failed(), r.held(),
                Double.isNaN(r.meanHeldGridHours()) ? 0 : r.meanHeldGridHours(), r.rawReductionVsRunNowPct());
    }

    static List<List<String>> cells(List<ShiftAnalysis.Row> rows) {
        List<List<String>> out = new ArrayList<>();
        for (ShiftAnalysis.Row r : rows) {
            out.add(List.of(Integer.toString(r.windowHours()), r.policy(), Integer.toString(r.requests()),
                    Integer.toString(r.ok()), number("%.6g", r.gco2PerInference()),
                    number("%.6g", r.energyJoulesPerInference()), number("%.2f", r.rawReductionVsRunNowPct()),
                    number("%.2f", r.reductionVsRunNowPct()),
                    number("%.2f", r.pctOfOracleSaving()), Integer.toString(r.deadlinesMissed()),
                    Integer.toString(r.failed()), Integer.toString(r.held()), number("%.3f", r.meanHeldGridHours()),
                    number("%.6g", r.routerSavingGco2PerInference()), Integer.toString(r.peakInFlight())));
        }
        return out;
    }

    /**
     * Writes the CSV and the HTML page into {@code dir}; returns their paths (CSV first).
     *
     * @param setup     lines describing the run, shown above the table
     * @param measured  the zone's measured intensity, grid time
     * @param forecasts the forecasts published, grid time (each interval at its newest issue is drawn)
     */
    static List<Path> write(String zone, List<ShiftAnalysis.Row> rows, List<String> setup, List<GridIntensity> measured,
                            List<GridIntensity> forecasts, Path dir, Instant from, Instant to) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append('\n');
        cells(rows).forEach(c -> csv.append(String.join(",", c)).append('\n'));
        String base = baseName(zone, from, to);
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(dir.resolve(base + ".csv"), csv.toString()));
        files.add(Files.writeString(dir.resolve(base + ".html"), html(zone, rows, setup, measured, forecasts)));
        return files;
    }

    static String html(String zone, List<ShiftAnalysis.Row> rows, List<String> setup, List<GridIntensity> measured,
                       List<GridIntensity> forecasts) {
        HtmlPage page = new HtmlPage("CarbonEdge shift experiment: deferrable requests in " + zone);
        page.list(setup);
        page.heading("Policies by deadline window");
        page.table(HEADER, cells(rows), List.of(1));
        page.paragraph("run-now: runs at arrival; forecast-argmin: the client submits at the slot where the forecast"
                + " known at arrival is lowest inside the window less the margin; carbonedge: deferrable, held and"
                + " released by the router, which decides again every slot with newer forecasts; oracle: each run-now"
                + " request's measured energy at the lowest measured intensity of its window."
                + " reduction and pct_of_oracle_saving are paired: each request's own measured energy priced at the"
                + " intensity measured at its arrival (run-now), at its release (as recorded) and at its window's lowest"
                + " (oracle), so that energy noise between policies' requests is not counted as carbon;"
                + " pct_of_oracle_saving = (run-now - policy) / (run-now - oracle). gco2_per_inference and"
                + " raw_reduction_vs_run_now_pct are the records' own means. A deadline is missed when the"
                + " emission record's completedAt is after the request's deadlineAt; router_saving is the emission"
                + " records' own counterfactual (runNowGco2 - totalGco2).");
        page.heading("Grid intensity");
        LineChart chart = new LineChart("Intensity of " + zone + " (grid time, UTC)", "time (UTC)", "gCO2e per kWh")
                .utcTimeAxis().steps();
        chart.series("measured", starts(measured), values(measured));
        if (!forecasts.isEmpty()) {
            TreeMap<Instant, GridIntensity> newest = new TreeMap<>();
            forecasts.forEach(f -> newest.merge(f.getValidFrom(), f, (a, b) -> issued(b).isBefore(issued(a)) ? a : b));
            List<GridIntensity> shown = List.copyOf(newest.values());
            chart.series("forecast (newest issue)", starts(shown), values(shown));
        }
        page.figure(chart, "What the router was told ahead (FORECAST records) and what was then measured.");
        return page.render();
    }

    private static Instant issued(GridIntensity r) {
        return r.getPublishedAt() != null ? r.getPublishedAt() : r.getValidFrom();
    }

    private static double[] starts(List<GridIntensity> records) {
        return records.stream().mapToDouble(r -> r.getValidFrom().toEpochMilli()).toArray();
    }

    private static double[] values(List<GridIntensity> records) {
        return records.stream().mapToDouble(GridIntensity::getGco2PerKwh).toArray();
    }

    private static String hours(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String number(String format, double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
    }
}
