package org.carbonedge.lab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a trace experiment's results (a table, then one {@code experiment=trace ...} line per policy and one for
 * the oracle) and writes them as CSV: {@code trace-<from>-<to>.csv}, one row per policy and the oracle, and
 * {@code trace-<from>-<to>-hourly.csv}, one row per grid hour and zone.
 */
final class TraceReport {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private TraceReport() {
    }

    /** {@code trace-20231119T0000Z-20231121T0000Z}: the files' common name. */
    static String baseName(Instant from, Instant to) {
        return baseName("trace", from, to);
    }

    /** {@code <prefix>-20231119T0000Z-20231121T0000Z}: the common name of an experiment's files. */
    static String baseName(String prefix, Instant from, Instant to) {
        return prefix + "-" + FILE_TIME.format(from) + "-" + FILE_TIME.format(to);
    }

    static void print(TraceAnalysis.Result result, List<String> zones, PrintStream out) {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-18s %11s %11s %9s %10s %8s %8s %6s",
                "policy", "gCO2/inf", "oracle g", "% oracle", "% agnostic", "p50 ms", "p95 ms", "inf"));
        zones.forEach(z -> head.append(String.format(Locale.ROOT, " %6s", z)));
        out.println(head);
        for (TraceAnalysis.Row r : result.rows()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s %11.4g %11.4g %8.1f%% %9.1f%% %8s %8s %6d",
                    r.label(), r.gco2PerInference(), r.oracleGco2PerInference(), r.pctOfOracle(), r.pctOfCarbonAgnostic(),
                    millis(r.p50Millis()), millis(r.p95Millis()), r.ok()));
            zones.forEach(z -> line.append(String.format(Locale.ROOT, " %5.0f%%", 100 * r.zoneShare().get(z))));
            out.println(line);
        }
        for (TraceAnalysis.Row r : result.rows()) {
            String latency = Double.isNaN(r.p50Millis()) ? ""
                    : String.format(Locale.ROOT, " latency_p50_ms=%.1f latency_p95_ms=%.1f", r.p50Millis(), r.p95Millis());
            out.printf(Locale.ROOT, "experiment=trace policy=%s gco2_per_inference=%.4g pct_of_oracle=%.1f"
                            + " pct_of_carbon_agnostic=%.1f%s inferences=%d oracle_gco2_per_inference=%.4g%n",
                    r.label(), r.gco2PerInference(), r.pctOfOracle(), r.pctOfCarbonAgnostic(), latency, r.ok(),
                    r.oracleGco2PerInference());
        }
    }

    /** Writes both CSVs into {@code dir}; returns their paths (summary first). */
    static List<Path> write(TraceAnalysis.Result result, List<String> zones, Path dir, Instant from, Instant to)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder s = new StringBuilder("policy,requests,ok,gco2_per_inference,oracle_gco2_per_inference,pct_of_oracle,"
                + "pct_of_carbon_agnostic,latency_p50_ms,latency_p95_ms,energy_joules_per_inference");
        zones.forEach(z -> s.append(",share_").append(z));
        s.append('\n');
        for (TraceAnalysis.Row r : result.rows()) {
            s.append(String.format(Locale.ROOT, "%s,%d,%d,%.6g,%.6g,%.2f,%.2f,%s,%s,%.6g", r.label(), r.requests(), r.ok(),
                    r.gco2PerInference(), r.oracleGco2PerInference(), r.pctOfOracle(), r.pctOfCarbonAgnostic(),
                    cell(r.p50Millis()), cell(r.p95Millis()), r.energyJoulesPerInference()));
            zones.forEach(z -> s.append(String.format(Locale.ROOT, ",%.4f", r.zoneShare().get(z))));
            s.append('\n');
        }
        List<String> labels = result.rows().stream().map(TraceAnalysis.Row::label)
                .filter(l -> !l.equals(TraceAnalysis.ORACLE)).toList();
        StringBuilder h = new StringBuilder("hour_utc,zone,gco2_per_kwh,oracle");
        labels.forEach(l -> h.append(',').append(l));
        h.append('\n');
        for (TraceAnalysis.Hour hour : result.hours()) {
            for (String zone : zones) {
                h.append(hour.gridHour()).append(',').append(zone).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", hour.gco2PerKwh().get(zone))).append(',')
                        .append(zone.equals(hour.oracleZone()) ? 1 : 0);
                for (String label : labels) {
                    Map<String, Double> shares = hour.shareByPolicy().get(label);
                    h.append(',').append(shares == null ? "" : String.format(Locale.ROOT, "%.3f", shares.get(zone)));
                }
                h.append('\n');
            }
        }
        String base = baseName(from, to);
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(dir.resolve(base + ".csv"), s.toString()));
        files.add(Files.writeString(dir.resolve(base + "-hourly.csv"), h.toString()));
        return files;
    }

    private static String millis(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }
}
