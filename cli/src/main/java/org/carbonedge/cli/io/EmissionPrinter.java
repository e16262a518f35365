package org.carbonedge.cli.io;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.ingest.gateway.EmissionJson;
import org.carbonedge.ingest.gateway.GatewayJson;

/**
 * Prints emission records one by one, as they arrive, in the format a reader chose: an aligned table for people,
 * JSON lines (the gateway's emission JSON, one object per line) or CSV with a header for tools.
 */
abstract class EmissionPrinter {

    /** The output formats of {@code carbonedge subscribe}. */
    enum Format { table, json, csv }

    protected final PrintWriter out;

    private EmissionPrinter(PrintWriter out) {
        this.out = out;
    }

    static EmissionPrinter of(Format format, PrintWriter out) {
        return switch (format) {
            case table -> new Table(out);
            case json -> new JsonLines(out);
            case csv -> new Csv(out);
        };
    }

    /** Called once before the first record (whether or not one comes). */
    abstract void header();

    abstract void print(EmissionRecord r);

    private static final class Table extends EmissionPrinter {
        private static final String ROW = "%-36s  %-12s  %-18s  %-8s  %10s  %10s  %10s  %s%n";

        Table(PrintWriter out) {
            super(out);
        }

        @Override
        void header() {
            out.printf(Locale.ROOT, ROW, "REQUEST_ID", "MODEL", "POLICY", "STATUS", "LATENCY_MS", "ENERGY_J", "GCO2", "ZONES");
            out.flush();
        }

        @Override
        void print(EmissionRecord r) {
            out.printf(Locale.ROOT, ROW, r.getRequestId(), r.getModelId(), r.getPolicy(), r.getStatus(),
                    String.format(Locale.ROOT, "%.1f", r.getLatencyMillis()), String.format(Locale.ROOT, "%.4g", r.getEnergyJoules()),
                    String.format(Locale.ROOT, "%.4g", r.getTotalGco2()), zones(r, ","));
            out.flush();
        }
    }

    private static final class JsonLines extends EmissionPrinter {
        JsonLines(PrintWriter out) {
            super(out);
        }

        @Override
        void header() {
        }

        @Override
        void print(EmissionRecord r) {
            try {
                out.println(GatewayJson.mapper().writeValueAsString(EmissionJson.of(r)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
        }
    }

    private static final class Csv extends EmissionPrinter {
        static final List<String> COLUMNS = List.of("request_id", "model_id", "policy", "status", "latency_ms",
                "energy_joules", "total_gco2", "operational_gco2", "transfer_gco2", "embodied_gco2", "zones", "devices",
                "intensity_kind", "submitted_at", "completed_at", "reason");

        Csv(PrintWriter out) {
            super(out);
        }

        @Override
        void header() {
            out.println(String.join(",", COLUMNS));
            out.flush();
        }

        @Override
        void print(EmissionRecord r) {
            List<String> cells = List.of(r.getRequestId(), r.getModelId(), r.getPolicy(), r.getStatus().name(),
                    Double.toString(r.getLatencyMillis()), Double.toString(r.getEnergyJoules()),
                    Double.toString(r.getTotalGco2()), Double.toString(r.getOperationalGco2()),
                    Double.toString(r.getTransferGco2()), Double.toString(r.getEmbodiedGco2()), zones(r, ";"),
                    String.join(";", EmissionJson.devices(r)), r.getIntensityKind().name(),
                    String.valueOf(r.getSubmittedAt()), String.valueOf(r.getCompletedAt()),
                    r.getReason() == null ? "" : r.getReason());
            out.println(String.join(",", cells.stream().map(Csv::cell).toList()));
            out.flush();
        }

        private static String cell(String s) {
            if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
                return s;
            }
            return '"' + s.replace("\"", "\"\"") + '"';
        }
    }

    private static String zones(EmissionRecord r, String separator) {
        List<String> zones = EmissionJson.zones(r);
        return zones.isEmpty() ? "-" : String.join(separator, zones);
    }
}
