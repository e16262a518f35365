package org.carbonedge.feed.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import org.carbonedge.feed.FeedException;

/**
 * Shared line loop of the CSV readers: header handling (BOM, blank files), 1-based line numbers, blank-line
 * skipping and CRLF tolerance ({@link BufferedReader#readLine()} strips both), so each format only maps columns.
 */
abstract class CsvIntensityReader implements IntensityReader {

    /** Handles the data rows of one source once its header is known. */
    interface RowHandler {
        void row(String line, long lineNumber);

        /** Called after the last row. */
        default void finish() {
        }
    }

    /**
     * Checks the header and returns the row handler for this source.
     *
     * @throws FeedException when the header does not fit the format (message starts with {@code source:1:})
     */
    abstract RowHandler start(String header, RowCollector collector);

    @Override
    public final ReadResult read(Reader reader, String sourceName) {
        RowCollector collector = new RowCollector(sourceName, format());
        BufferedReader lines = SourceFiles.buffered(reader);
        try {
            String header = lines.readLine();
            long lineNumber = 1;
            while (header != null && stripBom(header).isBlank()) {
                header = lines.readLine();
                lineNumber++;
            }
            if (header == null) {
                throw new FeedException(sourceName + ": empty file (no header line)");
            }
            if (lineNumber != 1) {
                throw new FeedException(sourceName + ":" + lineNumber + ": blank lines before the header");
            }
            RowHandler handler = start(stripBom(header), collector);
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty() || line.isBlank()) {
                    continue;
                }
                collector.countRow();
                handler.row(line, lineNumber);
            }
            handler.finish();
        } catch (IOException e) {
            throw new FeedException(sourceName + ": read failed (" + e.getMessage() + ")", e);
        }
        return collector.result();
    }

    static String stripBom(String header) {
        return !header.isEmpty() && header.charAt(0) == '\uFEFF' ? header.substring(1) : header;
    }

    /** A one-line rendering of a header for error messages. */
    static String describeHeader(String header) {
        return header.length() > 160 ? header.substring(0, 157) + "..." : header;
    }
}
