package org.carbonedge.feed.read;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;

/** Accumulates one source's records, rejections and row count while a reader walks it. */
public final class RowCollector {
    private final String sourceName;
    private final IntensityFormat format;
    private final List<GridIntensity> records = new ArrayList<>(1024);
    private final List<RejectedRow> rejected = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long rowsRead;

    public RowCollector(String sourceName, IntensityFormat format) {
        this.sourceName = sourceName;
        this.format = format;
    }

    public String sourceName() {
        return sourceName;
    }

    /** Counts one data row (or JSON data point). */
    public void countRow() {
        rowsRead++;
    }

    public void reject(long line, String zone, String reason) {
        rejected.add(new RejectedRow(sourceName, line, zone, reason));
    }

    public void note(String note) {
        notes.add(note);
    }

    public void add(GridIntensity record) {
        records.add(record);
    }

    /** Builds and adds a record from epoch-millisecond bounds. */
    public void add(String zone, long validFromMillis, long validToMillis, double gco2PerKwh, SignalType signal,
                    IntensityKind kind, String source, Instant publishedAt) {
        records.add(new GridIntensity(zone, Instant.ofEpochMilli(validFromMillis), Instant.ofEpochMilli(validToMillis),
                gco2PerKwh, signal, kind, source, publishedAt));
    }

    public int recordCount() {
        return records.size();
    }

    public ReadResult result() {
        return new ReadResult(sourceName, format, rowsRead, records, rejected, notes);
    }
}
