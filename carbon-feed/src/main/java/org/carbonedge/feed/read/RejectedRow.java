package org.carbonedge.feed.read;

/**
 * One input row that was not turned into a record, with where it was and why. Rejected rows are counted per zone
 * and reported; they are never published.
 *
 * @param source the file path (or URL) as the user gave it
 * @param line   1-based line number in the source, or 0 when unknown (e.g. a JSON object without location)
 * @param zone   the row's zone when it could be read, else null
 * @param reason user-facing reason, without file or line
 */
public record RejectedRow(String source, long line, String zone, String reason) {
    /** {@code file:line: reason}, the form printed to users. */
    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason;
    }
}
