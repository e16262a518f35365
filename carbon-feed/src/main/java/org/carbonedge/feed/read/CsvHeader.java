package org.carbonedge.feed.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.text.CsvLine;

/** Column lookup in a CSV header by name, case-insensitively, with a one-line error when a column is missing. */
final class CsvHeader {
    private final String sourceName;
    private final String rawHeader;
    private final List<String> names = new ArrayList<>();

    CsvHeader(String header, char delimiter, String sourceName) {
        this.sourceName = sourceName;
        this.rawHeader = header;
        CsvLine line = new CsvLine(delimiter);
        if (!line.parse(header)) {
            throw new FeedException(sourceName + ":1: malformed header (" + line.error() + ")");
        }
        for (int i = 0; i < line.size(); i++) {
            names.add(line.field(i).strip().toLowerCase(Locale.ROOT));
        }
    }

    int size() {
        return names.size();
    }

    /** Index of the first column whose lower-cased name equals one of {@code candidates}, or -1. */
    int find(String... candidates) {
        for (String candidate : candidates) {
            int i = names.indexOf(candidate.toLowerCase(Locale.ROOT));
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first column whose lower-cased name matches {@code test}, or -1. */
    int find(Predicate<String> test) {
        for (int i = 0; i < names.size(); i++) {
            if (test.test(names.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Like {@link #find(String...)} but fails with {@code file:1: missing column 'X'} when absent. */
    int require(String description, String... candidates) {
        int i = find(candidates);
        if (i < 0) {
            throw missing(description);
        }
        return i;
    }

    FeedException missing(String description) {
        return new FeedException(sourceName + ":1: missing column '" + description + "' (header: "
                + CsvIntensityReader.describeHeader(rawHeader) + ")");
    }
}
