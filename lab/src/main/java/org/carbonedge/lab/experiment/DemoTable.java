package org.carbonedge.lab.experiment;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.carbonedge.lab.experiment.DemoResult.DemoPolicy;
import org.carbonedge.lab.stats.Interval;

/**
 * The demo's figures as people and tools read them: the policy and sweep tables (the same cells on the console and
 * in the HTML report) and one machine-readable line per policy and sweep point.
 */
public final class DemoTable {

    static final List<String> POLICY_HEADER = List.of("policy", "p50 ms [95%]", "p95 ms", "req/s", "gCO2/inf ±95%",
            "inf/gCO2", "reduction ±95%", "sched us", "zones", "placement");
    static final List<String> SWEEP_HEADER = List.of("wC", "p50 ms [95%]", "p95 ms", "gCO2/inf ±95%", "inf/gCO2",
            "reduction ±95%", "placement");

    private DemoTable() {
    }

    static List<List<String>> policyRows(DemoResult r) {
        List<List<String>> rows = new ArrayList<>();
        for (DemoPolicy p : r.policies()) {
            PolicyStats s = p.oneAtATime();
            rows.add(List.of(p.name(), s.latencyP50().bracketed("%.1f"), f("%.1f", s.p95Millis()),
                    f("%.1f", p.closedLoop().perSecond()), s.gco2().plusMinusPercent("%.3g"),
                    f("%.0f", s.inferencesPerGram()), reduction(r, s),
                    f("%.2f", p.schedOverheadMicros()), p.zones(), s.placement()));
        }
        return rows;
    }

    static List<List<String>> sweepRows(DemoResult r) {
        List<List<String>> rows = new ArrayList<>();
        for (PolicyStats s : r.sweep()) {
            rows.add(List.of(s.label(), s.latencyP50().bracketed("%.1f"), f("%.1f", s.p95Millis()),
                    s.gco2().plusMinusPercent("%.3g"), f("%.0f", s.inferencesPerGram()), reduction(r, s),
                    s.placement()));
        }
        return rows;
    }

    /** The tables, then the machine-readable lines. */
    public static void print(DemoResult r, PrintStream out) {
        out.printf(Locale.ROOT, "%n%s in %d parts on the paper's devices in real grid zones: %s%n", r.model(), r.parts(),
                r.devices().stream().map(d -> d.deviceId() + " (" + d.profile() + ") in " + d.zone())
                        .collect(Collectors.joining(", ")));
        out.printf(Locale.ROOT, "grid intensity applied (demo feed, Electricity Maps 2023 means of these UTC hours): %s%n",
                DemoReport.appliedText(r));
        out.printf(Locale.ROOT, "latency and carbon: %d requests per policy one at a time, batch 1; req/s: %d requests"
                + " with %d in flight; sched us: median planner time per request%n", r.requests(), r.requests(), r.inFlight());
        printAligned(POLICY_HEADER, policyRows(r), out);
        PaperExperiment.printOrder(r.policies().stream().map(DemoPolicy::oneAtATime).toList(), r.requests(), out);
        out.printf("%nweight sweep (wC; the other weights scaled from the paper's balanced), %d requests per point one at a time%n",
                r.requests());
        printAligned(SWEEP_HEADER, sweepRows(r), out);
        out.println();
        for (DemoPolicy p : r.policies()) {
            PolicyStats s = p.oneAtATime();
            out.printf(Locale.ROOT, "demo policy=%s gco2_per_inference=%.4g reduction_vs_monolithic_pct=%.1f latency_p50_ms=%.1f"
                            + " latency_p95_ms=%.1f throughput_per_s=%.2f inferences_per_gram=%.1f sched_overhead_us=%.2f"
                            + " model=%s zones=%s%n",
                    p.name(), s.gco2PerInference(), r.reductionPct(s), s.p50Millis(), s.p95Millis(),
                    p.closedLoop().perSecond(), s.inferencesPerGram(), p.schedOverheadMicros(), r.model(), p.zones());
        }
        printBoundaries(r, out);
        for (PolicyStats s : r.sweep()) {
            out.printf(Locale.ROOT, "sweep wc=%s gco2_per_inference=%.4g latency_p50_ms=%.1f latency_p95_ms=%.1f"
                            + " reduction_vs_monolithic_pct=%.1f model=%s%n",
                    s.label(), s.gco2PerInference(), s.p50Millis(), s.p95Millis(), r.reductionPct(s), r.model());
        }
    }

    /**
     * The whole boundary: the pipeline's own carbon over the run (control plane's CPU, idle devices), the same per
     * inference for every policy (they ran interleaved), and the control plane's share of each policy's carbon.
     */
    static void printBoundaries(DemoResult r, PrintStream out) {
        ControlPlaneAccount o = r.overhead();
        if (o.records() == 0 || r.windowInferences() <= 0) {
            out.println("whole boundary: no service-energy records over the run");
            return;
        }
        double[] per = o.perInference(r.windowInferences());
        out.printf(Locale.ROOT, "%nwhole boundary over the run: control plane %.1f J (%.3g gCO2), idle devices %.1f J"
                        + " (%.3g gCO2), %d inferences: +%.3g gCO2 control plane and +%.3g gCO2 idle per inference%n",
                o.controlPlaneJoules(), o.controlPlaneGco2(), o.idleJoules(), o.idleGco2(), r.windowInferences(),
                per[0], per[1]);
        for (DemoPolicy p : r.policies()) {
            double device = p.oneAtATime().gco2PerInference();
            out.printf(Locale.ROOT, "boundary policy=%s device_gco2_per_inference=%.4g whole_gco2_per_inference=%.4g"
                            + " control_plane_share_pct=%.1f%n", p.name(), device, device + per[0] + per[1],
                    100 * o.controlPlaneShare(device, r.windowInferences()));
        }
    }

    /** Columns padded to their widest cell; numbers right-aligned, the first and the last two columns left. */
    private static void printAligned(List<String> header, List<List<String>> rows, PrintStream out) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                boolean left = c == 0 || c == width.length - 1 || header.get(c).equals("zones");
                String cell = row.get(c);
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? "" : "  ").append(left ? cell + pad : pad + cell);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Carbon saved against monolithic with its interval, in percent: the negative of the change. */
    private static String reduction(DemoResult r, PolicyStats s) {
        double half = PaperExperiment.change(s, r.monolithic().oneAtATime()).halfWidth();
        double saved = r.reductionPct(s);
        return new Interval(saved, saved - half, saved + half).plusMinus("%.1f") + "%";
    }

    private static String f(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
