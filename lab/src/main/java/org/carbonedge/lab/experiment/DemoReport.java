package org.carbonedge.lab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.lab.experiment.DemoResult.DemoPolicy;
import org.carbonedge.lab.experiment.DemoResult.ZoneIntensity;
import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.lab.report.HtmlPage;
import org.carbonedge.lab.report.LineChart;
import org.carbonedge.lab.report.ScatterChart;
import org.carbonedge.core.planning.Policy;
import org.carbonedge.core.scoring.Weights;
import org.carbonedge.executor.device.DeviceProfile;
import org.carbonedge.executor.device.DeviceProfiles;
import org.carbonedge.ledger.export.Csv;

/**
 * Writes the demo's report: {@code index.html} (the policy table, carbon against latency per policy, the weight
 * sweep, grid intensity per zone over the run's window, and how to read them) and, next to it,
 * {@code policies.csv}, {@code sweep.csv} and {@code intensity.csv} with full-precision figures.
 */
public final class DemoReport {

    public static final String HTML = "index.html";
    static final String POLICIES_CSV = "policies.csv";
    static final String SWEEP_CSV = "sweep.csv";
    static final String INTENSITY_CSV = "intensity.csv";

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** The mass unit that shows the largest grams-per-inference figure as a number from 1 to 1000: g, mg, µg or ng. */
    record MassUnit(String name, double perGram) {
        static MassUnit forLargest(double grams) {
            if (!(grams < 1)) {
                return new MassUnit("g", 1);
            }
            return grams >= 1e-3 ? new MassUnit("mg", 1e3) : grams >= 1e-6 ? new MassUnit("µg", 1e6) : new MassUnit("ng", 1e9);
        }
    }

    private DemoReport() {
    }

    public static void write(DemoResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(POLICIES_CSV), policiesCsv(r));
        Files.writeString(dir.resolve(SWEEP_CSV), sweepCsv(r));
        Files.writeString(dir.resolve(INTENSITY_CSV), intensityCsv(r));
        Files.writeString(dir.resolve(HTML), html(r));
    }

    static String policiesCsv(DemoResult r) {
        StringBuilder s = new StringBuilder(Csv.line(List.of("policy", "requests", "ok", "latency_p50_ms",
                "latency_p95_ms", "throughput_per_s", "closed_loop_requests", "closed_loop_in_flight",
                "closed_loop_latency_p50_ms", "gco2_per_inference", "energy_joules_per_inference", "inferences_per_gram",
                "reduction_vs_monolithic_pct", "sched_overhead_us", "zones", "placement", "latency_p50_low_ms",
                "latency_p50_high_ms", "gco2_ci95", "reduction_ci95_pct")));
        for (DemoPolicy p : r.policies()) {
            PolicyStats a = p.oneAtATime();
            PolicyStats c = p.closedLoop();
            s.append(Csv.line(List.of(p.name(), Integer.toString(a.requests()), Integer.toString(a.ok()),
                    Csv.number(a.p50Millis()), Csv.number(a.p95Millis()), Csv.number(c.perSecond()),
                    Integer.toString(c.requests()), Integer.toString(r.inFlight()), Csv.number(c.p50Millis()),
                    Csv.number(a.gco2PerInference()), Csv.number(a.energyJoulesPerInference()),
                    Csv.number(a.inferencesPerGram()), Csv.number(r.reductionPct(a)), Csv.number(p.schedOverheadMicros()),
                    p.zones(), a.placement(), Csv.number(a.latencyP50().low()), Csv.number(a.latencyP50().high()),
                    Csv.number(a.gco2Ci95()),
                    Csv.number(PaperExperiment.change(a, r.monolithic().oneAtATime()).halfWidth()))));
        }
        return s.toString();
    }

    static String sweepCsv(DemoResult r) {
        StringBuilder s = new StringBuilder(Csv.line(List.of("wc", "policy", "requests", "ok", "latency_p50_ms",
                "latency_p95_ms", "gco2_per_inference", "energy_joules_per_inference", "inferences_per_gram",
                "reduction_vs_monolithic_pct", "placement")));
        for (PolicyStats p : r.sweep()) {
            String policy = Policy.custom(Weights.sweep(Weights.BALANCED, Double.parseDouble(p.label()))).name();
            s.append(Csv.line(List.of(p.label(), policy, Integer.toString(p.requests()), Integer.toString(p.ok()),
                    Csv.number(p.p50Millis()), Csv.number(p.p95Millis()), Csv.number(p.gco2PerInference()),
                    Csv.number(p.energyJoulesPerInference()), Csv.number(p.inferencesPerGram()),
                    Csv.number(r.reductionPct(p)), p.placement())));
        }
        return s.toString();
    }

    static String intensityCsv(DemoResult r) {
        StringBuilder s = new StringBuilder(Csv.line(List.of("zone", "valid_from_utc", "valid_to_utc", "gco2_per_kwh",
                "signal", "kind", "source")));
        for (String zone : zones(r)) {
            for (GridIntensity g : r.intensity().get(zone)) {
                s.append(Csv.line(List.of(zone, g.getValidFrom().toString(), g.getValidTo().toString(),
                        Csv.number(g.getGco2PerKwh()), g.getSignal().name(), g.getKind().name(), g.getSource())));
            }
        }
        return s.toString();
    }

    static String html(DemoResult r) {
        double largest = r.policies().stream().mapToDouble(p -> p.oneAtATime().gco2PerInference()).filter(Double::isFinite)
                .max().orElse(1);
        MassUnit unit = MassUnit.forLargest(largest);
        String zoneList = r.devices().stream().map(DeviceSpec::zone).distinct().collect(Collectors.joining(", "));
        HtmlPage page = new HtmlPage("CarbonEdge demo: " + r.model() + " on the paper's three devices in " + zoneList);
        page.paragraph(String.format(Locale.ROOT, "Run from %s to %s UTC: %d requests per policy one at a time (batch 1),"
                        + " %d more with %d in flight for throughput, and %d per point of the weight sweep.",
                MINUTE.format(r.runFrom()), CLOCK.format(r.runTo()), r.requests(), r.requests(), r.inFlight(), r.requests()));

        page.heading("Policies");
        page.table(DemoTable.POLICY_HEADER, DemoTable.policyRows(r), List.of(8, 9));
        page.paragraph("gCO2/inf: grams CO2e per inference (SCI with R = one inference); inf/gCO2: inferences per gram;"
                + " reduction: carbon per inference saved against monolithic; req/s: throughput of the closed loop;"
                + " sched us: the planner's decision time per request (median), measured inside the router; zones: every"
                + " zone the policy's requests ran in; placement: the devices and partitions most of them got, with how"
                + " many did when not all.");

        ScatterChart scatter = new ScatterChart("Carbon against latency, one point per policy", "latency p50 (ms)",
                unit.name() + " CO2e per inference");
        r.policies().forEach(p -> scatter.point(p.name(), p.oneAtATime().p50Millis(),
                p.oneAtATime().gco2PerInference() * unit.perGram()));
        page.figure(scatter, "Lower is greener, further left is faster. Policies that chose the same device land on"
                + " the same spot; their labels are stacked beside it.");

        page.heading("Weight sweep");
        double[] wc = r.sweep().stream().mapToDouble(s -> Double.parseDouble(s.label())).toArray();
        double mono = r.monolithic().oneAtATime().gco2PerInference() * unit.perGram();
        LineChart carbon = new LineChart("Carbon per inference against the carbon weight wC", "carbon weight wC",
                unit.name() + " CO2e per inference").markers()
                .series("CarbonEdge planner", wc, r.sweep().stream().mapToDouble(s -> s.gco2PerInference() * unit.perGram()).toArray())
                .series("monolithic (reference)", new double[] {0, 1}, new double[] {mono, mono});
        page.figure(carbon, "wC from 0 to 1 in steps of 0.1; the other four weights are balanced's, scaled so all five"
                + " sum to 1. As wC grows the planner moves work to cleaner grids.");
        LineChart latency = new LineChart("Latency against the carbon weight wC", "carbon weight wC", "latency (ms)")
                .markers()
                .series("p50", wc, r.sweep().stream().mapToDouble(PolicyStats::p50Millis).toArray())
                .series("p95", wc, r.sweep().stream().mapToDouble(PolicyStats::p95Millis).toArray());
        page.figure(latency, "What the carbon saved costs in latency: cleaner zones hold the slower devices here.");
        page.table(DemoTable.SWEEP_HEADER, DemoTable.sweepRows(r), List.of(6));

        page.heading("Grid intensity per zone");
        LineChart grid = new LineChart("Carbon intensity of each device's zone (UTC)", "time (UTC)",
                "gCO2e per kWh").utcTimeAxis().steps()
                .band(r.runFrom().toEpochMilli(), r.runTo().toEpochMilli(),
                        "this run, " + CLOCK.format(r.runFrom()) + "-" + CLOCK.format(r.runTo()));
        for (String zone : zones(r)) {
            List<GridIntensity> hours = r.intensity().get(zone);
            double[] x = new double[hours.size() + 1];
            double[] y = new double[hours.size() + 1];
            for (int i = 0; i < hours.size(); i++) {
                x[i] = hours.get(i).getValidFrom().toEpochMilli();
                y[i] = hours.get(i).getGco2PerKwh();
            }
            x[hours.size()] = hours.get(hours.size() - 1).getValidTo().toEpochMilli();
            y[hours.size()] = y[hours.size() - 1];
            grid.series(zone + " (" + devicesIn(r, zone) + ")", x, y);
        }
        page.figure(grid, "The hourly intensities the pipeline held: the past day, published at start, and the hours of"
                + " the run from the real-time demo feed. Applied to this run's stages: " + appliedText(r) + ".");

        page.heading("How to read this");
        page.paragraph("Every figure comes from the real pipeline running on this machine: an in-process Kafka broker"
                + " and schema registry, the router and emissions Flink jobs, and three edge executors running " + r.model()
                + " with ONNX Runtime, split into " + r.parts() + " parts. Each request is routed by its policy; its"
                + " emission record gives its latency (submission to the end of its last stage), its energy and its"
                + " carbon: each stage's energy times the intensity of its device's zone valid when the stage ran, plus"
                + " network transfer between zones and embodied carbon (zero for these device profiles).");
        page.list(deviceLines(r));
        page.list(List.of(
                "monolithic: the whole model on the fastest device, the paper's baseline.",
                "paper-performance, paper-green: the paper's scorer as published, which sends the whole model to the"
                        + " best-scoring node.",
                "performance, balanced, green: CarbonEdge's planner with the paper's weight sets; it chooses devices and"
                        + " cut points together and normalises every criterion per decision."));
        page.paragraph("Grid intensities come from the built-in demo feed: for each UTC hour, the 2023 mean of that hour"
                + " in each zone, computed from Electricity Maps' hourly 2023 data (Electricity Maps, ODbL). They are"
                + " typical values for the time of day (kind ESTIMATED), not today's grid. The devices are emulated on one"
                + " host by CPU quotas and the power figures of their profiles, so carbon differences between policies"
                + " come from where the work runs; timings depend on how busy this machine was.");
        page.paragraph("Files next to this page: " + POLICIES_CSV + ", " + SWEEP_CSV + " and " + INTENSITY_CSV
                + " (full precision, units in the column names).");
        return page.render();
    }

    /** Applied intensity per zone, e.g. "DE 342.0, GB 124.8, FR 30.0 gCO2/kWh" (a range where the hour changed). */
    static String appliedText(DemoResult r) {
        if (r.applied().isEmpty()) {
            return "none";
        }
        return r.applied().stream().map(z -> z.zone() + " " + (z.minGco2PerKwh() == z.maxGco2PerKwh()
                        ? String.format(Locale.ROOT, "%.1f", z.minGco2PerKwh())
                        : String.format(Locale.ROOT, "%.1f..%.1f", z.minGco2PerKwh(), z.maxGco2PerKwh())))
                .collect(Collectors.joining(", ")) + " gCO2/kWh";
    }

    private static List<String> zones(DemoResult r) {
        return r.devices().stream().map(DeviceSpec::zone).distinct().filter(r.intensity()::containsKey).toList();
    }

    private static String devicesIn(DemoResult r, String zone) {
        return r.devices().stream().filter(d -> d.zone().equals(zone)).map(DeviceSpec::deviceId)
                .collect(Collectors.joining(", "));
    }

    private static List<String> deviceLines(DemoResult r) {
        List<String> lines = new ArrayList<>();
        for (DeviceSpec d : r.devices()) {
            DeviceProfile p = DeviceProfiles.named(d.profile());
            lines.add(String.format(Locale.ROOT, "%s in %s: profile %s, %.1f CPU, %d MiB, %.2f W idle to %.2f W busy (%s).",
                    d.deviceId(), d.zone(), p.name(), p.cpuQuota(), p.memoryBytes() / (1024 * 1024), p.idleWatts(),
                    p.maxWatts(), p.source()));
        }
        return lines;
    }
}
