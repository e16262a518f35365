package org.carbonedge.feed.text;

import java.util.Arrays;

/**
 * Splits one CSV line into fields, recording each field's start and end offset instead of allocating a string per
 * field: parsing speed matters (a year of ten hourly zones must parse at more than 500,000 rows/s). Quoted fields
 * (RFC 4180, {@code ""} escapes) take a slower path that unescapes into a private buffer; unquoted fields are
 * trimmed of surrounding spaces and tabs. Reusable: call {@link #parse(String)} for each line.
 */
public final class CsvLine {
    private final char delimiter;
    private String text = "";
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int count;
    private String error;

    public CsvLine(char delimiter) {
        this.delimiter = delimiter;
    }

    public char delimiter() {
        return delimiter;
    }

    /**
     * Splits {@code line}. Returns false when the line is malformed (an unterminated quote, text after a closing
     * quote); {@link #error()} then says why.
     */
    public boolean parse(String line) {
        count = 0;
        error = null;
        if (line.indexOf('"') < 0) {
            text = line;
            int fieldStart = 0;
            int next;
            while ((next = line.indexOf(delimiter, fieldStart)) >= 0) {
                add(fieldStart, next);
                fieldStart = next + 1;
            }
            add(fieldStart, line.length());
            return true;
        }
        return parseQuoted(line);
    }

    private boolean parseQuoted(String line) {
        StringBuilder out = new StringBuilder(line.length());
        int i = 0;
        int length = line.length();
        while (true) {
            // skip leading blanks before a possible opening quote
            int j = i;
            while (j < length && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) {
                j++;
            }
            if (j < length && line.charAt(j) == '"') {
                int start = out.length();
                j++;
                boolean closed = false;
                while (j < length) {
                    char c = line.charAt(j);
                    if (c == '"') {
                        if (j + 1 < length && line.charAt(j + 1) == '"') {
                            out.append('"');
                            j += 2;
                            continue;
                        }
                        closed = true;
                        j++;
                        break;
                    }
                    out.append(c);
                    j++;
                }
                if (!closed) {
                    error = "unterminated quoted field " + (count + 1);
                    return false;
                }
                int endRaw = out.length();
                while (j < length && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) {
                    j++;
                }
                addRaw(start, endRaw);
                out.append(delimiter);
                if (j >= length) {
                    break;
                }
                if (line.charAt(j) != delimiter) {
                    error = "unexpected text after the closing quote of field " + count;
                    return false;
                }
                i = j + 1;
            } else {
                int next = line.indexOf(delimiter, i);
                int end = next < 0 ? length : next;
                String raw = line.substring(i, end);
                if (raw.indexOf('"') >= 0) {
                    error = "stray quote inside unquoted field " + (count + 1);
                    return false;
                }
                int start = out.length();
                out.append(raw);
                addTrimmed(out, start, out.length());
                out.append(delimiter);
                if (next < 0) {
                    break;
                }
                i = next + 1;
            }
        }
        text = out.toString();
        return true;
    }

    private void add(int start, int end) {
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        addRaw(start, end);
    }

    private void addTrimmed(CharSequence buffer, int start, int end) {
        while (start < end && isBlank(buffer.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(buffer.charAt(end - 1))) {
            end--;
        }
        addRaw(start, end);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private void addRaw(int start, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    /** Why the last {@link #parse(String)} failed, or null. */
    public String error() {
        return error;
    }

    /** Number of fields in the last parsed line. */
    public int size() {
        return count;
    }

    /** The text the offsets refer to (the line itself, or its unescaped copy). */
    public String text() {
        return text;
    }

    public int start(int field) {
        return starts[field];
    }

    public int end(int field) {
        return ends[field];
    }

    public boolean isEmpty(int field) {
        return ends[field] == starts[field];
    }

    /** The field's text (allocates; use offsets on hot paths). */
    public String field(int field) {
        return text.substring(starts[field], ends[field]);
    }

    /** True when the field equals {@code value}, ignoring case, without allocating. */
    public boolean fieldEqualsIgnoreCase(int field, String value) {
        int length = ends[field] - starts[field];
        return length == value.length() && text.regionMatches(true, starts[field], value, 0, length);
    }

    /** True when the field equals {@code value} exactly, without allocating. */
    public boolean fieldEquals(int field, String value) {
        int length = ends[field] - starts[field];
        return length == value.length() && text.regionMatches(starts[field], value, 0, length);
    }
}
