package org.carbonedge.feed.read;

import java.util.Objects;
import org.carbonedge.feed.text.CsvLine;
import org.carbonedge.feed.text.FastDecimal;
import org.carbonedge.feed.text.InvalidValueException;

/**
 * Reads any CSV with one intensity value per row, given a {@link GenericCsvMapping} that names the columns, units
 * and time format: the escape hatch for sources without a dedicated reader. Values are converted to g/kWh and then
 * checked like every other source.
 */
public final class GenericCsvReader extends CsvIntensityReader {
    private final GenericCsvMapping mapping;
    private final TimeColumnParser times;

    public GenericCsvReader(GenericCsvMapping mapping) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.times = new TimeColumnParser(mapping.timeFormat(), mapping.timeZone());
    }

    @Override
    public IntensityFormat format() {
        return IntensityFormat.GENERIC_CSV;
    }

    @Override
    RowHandler start(String header, RowCollector out) {
        CsvHeader columns = new CsvHeader(header, mapping.delimiter(), out.sourceName());
        int timeColumn = columns.require(mapping.timeColumn(), mapping.timeColumn());
        int valueColumn = columns.require(mapping.valueColumn(), mapping.valueColumn());
        int zoneColumn = mapping.zoneColumn() == null ? -1 : columns.require(mapping.zoneColumn(), mapping.zoneColumn());
        int endColumn = mapping.endColumn() == null ? -1 : columns.require(mapping.endColumn(), mapping.endColumn());
        int needed = Math.max(Math.max(timeColumn, valueColumn), Math.max(zoneColumn, endColumn)) + 1;
        long intervalMillis = mapping.interval().toMillis();
        String source = "generic-csv:" + SourceFiles.fileName(out.sourceName());
        CsvLine csv = new CsvLine(mapping.delimiter());
        return (line, lineNumber) -> {
            if (!csv.parse(line)) {
                out.reject(lineNumber, mapping.zone(), csv.error());
                return;
            }
            if (csv.size() < needed) {
                out.reject(lineNumber, mapping.zone(), "expected " + columns.size() + " columns, found " + csv.size());
                return;
            }
            String zone = zoneColumn < 0 ? mapping.zone() : csv.field(zoneColumn);
            if (zone.isEmpty()) {
                out.reject(lineNumber, null, mapping.zoneColumn() + ": missing zone");
                return;
            }
            long from;
            long to;
            try {
                from = times.parse(csv.field(timeColumn));
            } catch (InvalidValueException e) {
                out.reject(lineNumber, zone, mapping.timeColumn() + ": " + e.getMessage());
                return;
            }
            if (endColumn >= 0) {
                try {
                    to = times.parse(csv.field(endColumn));
                } catch (InvalidValueException e) {
                    out.reject(lineNumber, zone, mapping.endColumn() + ": " + e.getMessage());
                    return;
                }
                if (to <= from) {
                    out.reject(lineNumber, zone, mapping.endColumn() + " is not after " + mapping.timeColumn());
                    return;
                }
            } else {
                to = from + intervalMillis;
            }
            double gco2PerKwh;
            try {
                gco2PerKwh = mapping.units().toGramsPerKwh(
                        FastDecimal.parse(csv.text(), csv.start(valueColumn), csv.end(valueColumn)));
            } catch (InvalidValueException e) {
                out.reject(lineNumber, zone, mapping.valueColumn() + ": " + e.getMessage());
                return;
            }
            String problem = IntensityValues.problem(gco2PerKwh);
            if (problem != null) {
                out.reject(lineNumber, zone, mapping.valueColumn() + ": " + problem);
                return;
            }
            out.add(zone, from, to, gco2PerKwh, mapping.signal(), mapping.kind(), source, null);
        };
    }
}
