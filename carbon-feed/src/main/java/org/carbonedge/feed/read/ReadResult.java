package org.carbonedge.feed.read;

import java.util.List;
import org.carbonedge.avro.GridIntensity;

/**
 * What one reader made of one source: the records in source order, the rows it refused, and how many data rows
 * the source held. Kept separate from quality checks (gaps, duplicates, ordering), which need all sources at once.
 *
 * @param source   the file path (or URL) as the user gave it
 * @param format   the format that was read
 * @param rowsRead data rows (or JSON data points) in the source, excluding headers and blank lines
 * @param records  accepted records, in source order
 * @param rejected refused rows with file:line reasons
 * @param notes    one-line remarks worth showing (e.g. how empty values were handled)
 */
public record ReadResult(String source, IntensityFormat format, long rowsRead, List<GridIntensity> records,
                         List<RejectedRow> rejected, List<String> notes) {
    public ReadResult {
        records = List.copyOf(records);
        rejected = List.copyOf(rejected);
        notes = List.copyOf(notes);
    }
}
