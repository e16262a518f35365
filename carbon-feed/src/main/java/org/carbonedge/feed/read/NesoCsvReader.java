package org.carbonedge.feed.read;

import java.util.Objects;
import org.carbonedge.feed.text.CsvLine;
import org.carbonedge.feed.text.FastDecimal;
import org.carbonedge.feed.text.InvalidValueException;
import org.carbonedge.feed.text.UtcTimestamps;
import org.carbonedge.feed.text.UtcTimestamps.SlashOrder;

/**
 * Reads UK Carbon Intensity API (NESO) data saved as CSV: {@code from,to,forecast,actual[,index]}, half-hourly.
 * The API documents all times as UTC, so offset-less times are taken as UTC; offsets such as {@code +00:00} are
 * honoured. Values are gCO2/kWh, signal AVERAGE. An empty {@code actual} is normal (not yet measured, or a hole
 * in the archive) and is handled by the {@link NesoRecordMode}, not rejected.
 */
public final class NesoCsvReader extends CsvIntensityReader {
    private final String zone;
    private final NesoRecordMode mode;

    /** Zone {@code GB}, one record per interval (actual, else forecast). */
    public NesoCsvReader() {
        this("GB", NesoRecordMode.ACTUAL_ELSE_FORECAST);
    }

    public NesoCsvReader(String zone, NesoRecordMode mode) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    @Override
    public IntensityFormat format() {
        return IntensityFormat.NESO_CSV;
    }

    @Override
    RowHandler start(String header, RowCollector out) {
        CsvHeader columns = new CsvHeader(header, ',', out.sourceName());
        int fromColumn = columns.require("from", "from");
        int toColumn = columns.require("to", "to");
        int forecastColumn = columns.require("forecast", "forecast");
        int actualColumn = columns.require("actual", "actual");
        int needed = Math.max(Math.max(fromColumn, toColumn), Math.max(forecastColumn, actualColumn)) + 1;
        String source = "neso-csv:" + SourceFiles.fileName(out.sourceName());
        NesoRowEmitter emitter = new NesoRowEmitter(mode);
        CsvLine csv = new CsvLine(',');
        return new RowHandler() {
            @Override
            public void row(String line, long lineNumber) {
                if (!csv.parse(line)) {
                    out.reject(lineNumber, zone, csv.error());
                    return;
                }
                if (csv.size() < needed) {
                    out.reject(lineNumber, zone, "expected " + columns.size() + " columns, found " + csv.size());
                    return;
                }
                long from;
                long to;
                try {
                    from = time(fromColumn);
                } catch (InvalidValueException e) {
                    out.reject(lineNumber, zone, "from: " + e.getMessage());
                    return;
                }
                try {
                    to = time(toColumn);
                } catch (InvalidValueException e) {
                    out.reject(lineNumber, zone, "to: " + e.getMessage());
                    return;
                }
                if (to <= from) {
                    out.reject(lineNumber, zone, "'to' is not after 'from'");
                    return;
                }
                Double forecast;
                Double actual;
                try {
                    forecast = value(forecastColumn, "forecast");
                    actual = value(actualColumn, "actual");
                } catch (InvalidValueException e) {
                    out.reject(lineNumber, zone, e.getMessage());
                    return;
                }
                if (forecast == null && actual == null) {
                    out.reject(lineNumber, zone, "both forecast and actual are empty");
                    return;
                }
                emitter.emit(out, zone, from, to, forecast, actual, source);
            }

            @Override
            public void finish() {
                emitter.addNotes(out);
            }

            private long time(int column) {
                return UtcTimestamps.parseEpochMillis(csv.text(), csv.start(column), csv.end(column), true,
                        SlashOrder.DAY_FIRST);
            }

            private Double value(int column, String label) {
                if (csv.isEmpty(column)) {
                    return null;
                }
                double v;
                try {
                    v = FastDecimal.parse(csv.text(), csv.start(column), csv.end(column));
                } catch (InvalidValueException e) {
                    throw new InvalidValueException(label + ": " + e.getMessage());
                }
                String problem = IntensityValues.problem(v);
                if (problem != null) {
                    throw new InvalidValueException(label + ": " + problem);
                }
                return v;
            }
        };
    }
}
