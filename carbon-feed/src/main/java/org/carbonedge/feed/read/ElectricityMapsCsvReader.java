package org.carbonedge.feed.read;

import java.time.Duration;
import java.util.Objects;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.text.CsvLine;
import org.carbonedge.feed.text.FastDecimal;
import org.carbonedge.feed.text.InvalidValueException;
import org.carbonedge.feed.text.UtcTimestamps;
import org.carbonedge.feed.text.UtcTimestamps.SlashOrder;

/**
 * Reads Electricity Maps data-portal CSV exports, both header generations: 2021–2023
 * ({@code Datetime (UTC), ..., Zone Id, Carbon Intensity gCO₂eq/kWh (direct), Carbon Intensity gCO₂eq/kWh (LCA),
 * ..., Data Estimated}) and 2024 ({@code Zone id}, {@code Carbon intensity gCO₂eq/kWh (Life cycle)},
 * {@code Data estimated}). Columns are found by name, so reordered or extra columns do not matter.
 *
 * <p>{@code Datetime (UTC)} is documented as UTC, so offset-less timestamps are taken as UTC (an explicit offset
 * is still honoured). Spreadsheet re-saves are tolerated: {@code dd/mm/yyyy HH:MM} (day-first unless told
 * otherwise), {@code TRUE}/{@code FALSE}, CRLF, a UTF-8 BOM. {@code Data Estimated = true} becomes kind ESTIMATED,
 * otherwise MEASURED; the signal is AVERAGE (a location-based grid mix).
 */
public final class ElectricityMapsCsvReader extends CsvIntensityReader {
    private final EmissionFactor factor;
    private final SlashOrder slashOrder;
    private final long intervalMillis;

    /** Hourly exports, direct emission factor, day-first slash dates. */
    public ElectricityMapsCsvReader() {
        this(EmissionFactor.DIRECT, SlashOrder.DAY_FIRST, Duration.ofHours(1));
    }

    /**
     * @param factor     which intensity column to read
     * @param slashOrder how to read {@code a/b/yyyy} dates in spreadsheet re-saves
     * @param interval   the export's granularity (portal exports are hourly, daily, monthly or yearly)
     */
    public ElectricityMapsCsvReader(EmissionFactor factor, SlashOrder slashOrder, Duration interval) {
        this.factor = Objects.requireNonNull(factor, "factor");
        this.slashOrder = Objects.requireNonNull(slashOrder, "slashOrder");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.intervalMillis = interval.toMillis();
    }

    @Override
    public IntensityFormat format() {
        return IntensityFormat.ELECTRICITY_MAPS_CSV;
    }

    @Override
    RowHandler start(String header, RowCollector collector) {
        CsvHeader columns = new CsvHeader(header, ',', collector.sourceName());
        int timeColumn = columns.require("Datetime (UTC)", "datetime (utc)");
        int zoneColumn = columns.require("Zone Id", "zone id");
        int valueColumn = factor == EmissionFactor.DIRECT
                ? columns.find(n -> n.startsWith("carbon intensity") && n.contains("(direct)"))
                : columns.find(n -> n.startsWith("carbon intensity")
                        && (n.contains("(lca)") || n.contains("(life cycle)") || n.contains("(lifecycle)")));
        if (valueColumn < 0) {
            throw columns.missing(factor == EmissionFactor.DIRECT
                    ? "Carbon Intensity gCO₂eq/kWh (direct)"
                    : "Carbon Intensity gCO₂eq/kWh (LCA) or (Life cycle)");
        }
        int estimatedColumn = columns.find("data estimated");
        String valueLabel = factor == EmissionFactor.DIRECT ? "direct intensity" : "life-cycle intensity";
        int neededColumns = Math.max(Math.max(timeColumn, zoneColumn), Math.max(valueColumn, estimatedColumn)) + 1;
        String source = "electricitymaps-csv:" + SourceFiles.fileName(collector.sourceName());
        return new Rows(collector, timeColumn, zoneColumn, valueColumn, estimatedColumn, neededColumns, valueLabel,
                source, columns.size());
    }

    private final class Rows implements RowHandler {
        private final RowCollector out;
        private final int timeColumn;
        private final int zoneColumn;
        private final int valueColumn;
        private final int estimatedColumn;
        private final int neededColumns;
        private final int headerColumns;
        private final String valueLabel;
        private final String source;
        private final CsvLine csv = new CsvLine(',');
        private String lastZone = "";

        Rows(RowCollector out, int timeColumn, int zoneColumn, int valueColumn, int estimatedColumn,
             int neededColumns, String valueLabel, String source, int headerColumns) {
            this.out = out;
            this.timeColumn = timeColumn;
            this.zoneColumn = zoneColumn;
            this.valueColumn = valueColumn;
            this.estimatedColumn = estimatedColumn;
            this.neededColumns = neededColumns;
            this.valueLabel = valueLabel;
            this.source = source;
            this.headerColumns = headerColumns;
        }

        @Override
        public void row(String line, long lineNumber) {
            if (!csv.parse(line)) {
                out.reject(lineNumber, null, csv.error());
                return;
            }
            if (csv.size() < neededColumns) {
                out.reject(lineNumber, null, "expected " + headerColumns + " columns, found " + csv.size());
                return;
            }
            String zone = zone();
            if (zone == null) {
                out.reject(lineNumber, null, "missing Zone Id");
                return;
            }
            long fromMillis;
            try {
                fromMillis = UtcTimestamps.parseEpochMillis(csv.text(), csv.start(timeColumn), csv.end(timeColumn),
                        true, slashOrder);
            } catch (InvalidValueException e) {
                out.reject(lineNumber, zone, "Datetime (UTC): " + e.getMessage());
                return;
            }
            double value;
            try {
                value = FastDecimal.parse(csv.text(), csv.start(valueColumn), csv.end(valueColumn));
            } catch (InvalidValueException e) {
                out.reject(lineNumber, zone, valueLabel + ": " + e.getMessage());
                return;
            }
            String problem = IntensityValues.problem(value);
            if (problem != null) {
                out.reject(lineNumber, zone, valueLabel + ": " + problem);
                return;
            }
            IntensityKind kind = IntensityKind.MEASURED;
            if (estimatedColumn >= 0 && estimatedColumn < csv.size() && !csv.isEmpty(estimatedColumn)) {
                if (csv.fieldEqualsIgnoreCase(estimatedColumn, "true") || csv.fieldEquals(estimatedColumn, "1")) {
                    kind = IntensityKind.ESTIMATED;
                } else if (!csv.fieldEqualsIgnoreCase(estimatedColumn, "false")
                        && !csv.fieldEquals(estimatedColumn, "0")) {
                    out.reject(lineNumber, zone, "Data Estimated: '" + csv.field(estimatedColumn)
                            + "' is not true or false");
                    return;
                }
            }
            out.add(zone, fromMillis, fromMillis + intervalMillis, value, SignalType.AVERAGE, kind, source, null);
        }

        /** The row's zone, reusing the previous row's String instance when equal (zones repeat on every row). */
        private String zone() {
            if (csv.isEmpty(zoneColumn)) {
                return null;
            }
            if (!csv.fieldEquals(zoneColumn, lastZone)) {
                lastZone = csv.field(zoneColumn);
            }
            return lastZone;
        }
    }
}
