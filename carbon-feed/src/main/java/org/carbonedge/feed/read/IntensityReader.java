package org.carbonedge.feed.read;

import java.io.Reader;
import java.nio.file.Path;

/**
 * Turns one grid-intensity source in a given format into {@code GridIntensity} records plus rejected rows. One
 * implementation per format; all share this contract so the loader, the live clients (which feed API response
 * bodies through the same readers) and the CLI can treat them alike.
 *
 * <p>Readers check each row (timestamps in UTC, plausible values) but not the series as a whole: duplicates, order
 * and gaps across rows and files are the job of {@code org.carbonedge.feed.quality.SeriesNormalizer}.
 */
public interface IntensityReader {
    /** The format this reader understands. */
    IntensityFormat format();

    /**
     * Reads a whole source.
     *
     * @param reader     the text, read to the end but not closed
     * @param sourceName the name used in messages ({@code file:line}) and, by its last path element, in the
     *                   records' {@code source} field
     * @throws org.carbonedge.feed.FeedException when the source as a whole is unusable (no header, wrong columns,
     *                                           malformed JSON)
     */
    ReadResult read(Reader reader, String sourceName);

    /** Reads a file (UTF-8; undecodable bytes become U+FFFD rather than aborting). */
    default ReadResult read(Path file) {
        try (Reader reader = SourceFiles.open(file)) {
            return read(reader, file.toString());
        } catch (java.io.IOException e) {
            throw SourceFiles.readFailure(file, e);
        }
    }
}
