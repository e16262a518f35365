package org.carbonedge.feed.text;

/**
 * Hand-written timestamp parser that turns the shapes found in grid-intensity exports into UTC epoch milliseconds,
 * fast (no {@code DateTimeFormatter} on the hot path) and strict about time zones.
 *
 * <p>Accepted: ISO-8601 {@code yyyy-MM-dd[T| ]HH:mm[:ss[.fff]]} with {@code Z}, {@code ±HH:mm}, {@code ±HHmm},
 * {@code ±HH} or a trailing {@code UTC}/{@code GMT}; a bare date {@code yyyy-MM-dd}; and spreadsheet re-saves
 * {@code dd/MM/yyyy HH:mm[:ss]} (or month-first). A timestamp with an offset is converted to UTC. A timestamp
 * without one is accepted only when the caller says the column is documented as UTC ({@code assumeUtc}); otherwise
 * it is refused, never guessed.
 */
public final class UtcTimestamps {
    /** Field order of {@code a/b/yyyy} dates; European spreadsheets write day first. */
    public enum SlashOrder { DAY_FIRST, MONTH_FIRST }

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private UtcTimestamps() {
    }

    /** Parses a whole string; see {@link #parseEpochMillis(String, int, int, boolean, SlashOrder)}. */
    public static long parseEpochMillis(String value, boolean assumeUtc) {
        return parseEpochMillis(value, 0, value.length(), assumeUtc, SlashOrder.DAY_FIRST);
    }

    /**
     * Parses {@code text[start, end)} to UTC epoch milliseconds.
     *
     * @param assumeUtc true when the column is documented as UTC, so a timestamp without offset is taken as UTC
     * @throws InvalidValueException with a user-facing reason when the text is not a usable timestamp
     */
    public static long parseEpochMillis(String text, int start, int end, boolean assumeUtc, SlashOrder order) {
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        if (start == end) {
            throw new InvalidValueException("missing timestamp");
        }
        if (end - start >= 10 && text.charAt(start + 4) == '-') {
            return parseIso(text, start, end, assumeUtc);
        }
        if (indexOf(text, start, end, '/') > 0) {
            return parseSlash(text, start, end, assumeUtc, order);
        }
        throw invalid(text, start, end, "is not a recognised timestamp (expected ISO-8601 such as 2023-01-01T00:00:00Z)");
    }

    private static long parseIso(String s, int start, int end, boolean assumeUtc) {
        int year = digits(s, start, 4);
        int month = digits(s, start + 5, 2);
        int day = digits(s, start + 8, 2);
        if (year < 0 || month < 0 || day < 0 || s.charAt(start + 7) != '-') {
            throw invalid(s, start, end, "is not a recognised timestamp (expected yyyy-MM-dd HH:mm:ss with an offset)");
        }
        checkDate(s, start, end, year, month, day);
        int pos = start + 10;
        long millisOfDay = 0;
        if (pos < end && (s.charAt(pos) == 'T' || s.charAt(pos) == 't' || s.charAt(pos) == ' ')
                && pos + 1 < end && isDigit(s.charAt(pos + 1))) {
            pos++;
            int hour = digits(s, pos, 2);
            if (hour < 0 || pos + 5 > end || s.charAt(pos + 2) != ':') {
                throw invalid(s, start, end, "has a malformed time of day");
            }
            int minute = digits(s, pos + 3, 2);
            if (minute < 0) {
                throw invalid(s, start, end, "has a malformed time of day");
            }
            pos += 5;
            int second = 0;
            int millis = 0;
            if (pos < end && s.charAt(pos) == ':') {
                second = digits(s, pos + 1, 2);
                if (second < 0 || pos + 3 > end) {
                    throw invalid(s, start, end, "has malformed seconds");
                }
                pos += 3;
                if (pos < end && (s.charAt(pos) == '.' || s.charAt(pos) == ',')) {
                    pos++;
                    int scale = 100;
                    int fractionStart = pos;
                    while (pos < end && isDigit(s.charAt(pos))) {
                        millis += (s.charAt(pos) - '0') * scale;
                        scale /= 10;
                        pos++;
                    }
                    if (pos == fractionStart) {
                        throw invalid(s, start, end, "has a malformed fraction of a second");
                    }
                }
            }
            if (hour > 23 || minute > 59 || second > 59) {
                throw invalid(s, start, end, "has an impossible time of day");
            }
            millisOfDay = ((hour * 60L + minute) * 60L + second) * 1000L + millis;
        }
        long local = daysFromCivil(year, month, day) * MILLIS_PER_DAY + millisOfDay;
        return applyOffset(s, start, end, pos, local, assumeUtc);
    }

    private static long applyOffset(String s, int start, int end, int pos, long localMillis, boolean assumeUtc) {
        while (pos < end && s.charAt(pos) == ' ') {
            pos++;
        }
        if (pos == end) {
            if (!assumeUtc) {
                throw new MissingOffsetException("'" + s.substring(start, end) + "' has no UTC offset; refusing to "
                        + "guess its time zone (write it with Z or +00:00, or declare the column's time zone)");
            }
            return localMillis;
        }
        char c = s.charAt(pos);
        if ((c == 'Z' || c == 'z') && pos + 1 == end) {
            return localMillis;
        }
        if (end - pos == 3 && (regionEquals(s, pos, "UTC") || regionEquals(s, pos, "GMT"))) {
            return localMillis;
        }
        if (c == '+' || c == '-') {
            int sign = c == '+' ? 1 : -1;
            int hours = digits(s, pos + 1, 2);
            int minutes = 0;
            int rest = end - pos - 1;
            if (hours < 0) {
                throw invalid(s, start, end, "has a malformed UTC offset");
            }
            if (rest == 5 && s.charAt(pos + 3) == ':') {
                minutes = digits(s, pos + 4, 2);
            } else if (rest == 4) {
                minutes = digits(s, pos + 3, 2);
            } else if (rest != 2) {
                throw invalid(s, start, end, "has a malformed UTC offset");
            }
            if (minutes < 0 || hours > 18 || minutes > 59) {
                throw invalid(s, start, end, "has a malformed UTC offset");
            }
            return localMillis - sign * (hours * 3_600_000L + minutes * 60_000L);
        }
        throw invalid(s, start, end, "has unexpected text after the time (expected Z or an offset such as +00:00)");
    }

    private static long parseSlash(String s, int start, int end, boolean assumeUtc, SlashOrder order) {
        int pos = start;
        int first = 0;
        int n = 0;
        while (pos < end && isDigit(s.charAt(pos)) && n < 2) {
            first = first * 10 + (s.charAt(pos++) - '0');
            n++;
        }
        if (n == 0 || pos >= end || s.charAt(pos) != '/') {
            throw invalid(s, start, end, "is not a recognised dd/mm/yyyy timestamp");
        }
        pos++;
        int second = 0;
        n = 0;
        while (pos < end && isDigit(s.charAt(pos)) && n < 2) {
            second = second * 10 + (s.charAt(pos++) - '0');
            n++;
        }
        if (n == 0 || pos >= end || s.charAt(pos) != '/') {
            throw invalid(s, start, end, "is not a recognised dd/mm/yyyy timestamp");
        }
        pos++;
        int year = digits(s, pos, 4);
        if (year < 0) {
            throw invalid(s, start, end, "is not a recognised dd/mm/yyyy timestamp (4-digit year expected)");
        }
        pos += 4;
        int day = order == SlashOrder.DAY_FIRST ? first : second;
        int month = order == SlashOrder.DAY_FIRST ? second : first;
        if (month > 12 && day <= 12) {
            throw invalid(s, start, end, "has month " + month + "; the file looks "
                    + (order == SlashOrder.DAY_FIRST ? "month-first (mm/dd/yyyy)" : "day-first (dd/mm/yyyy)"));
        }
        checkDate(s, start, end, year, month, day);
        long millisOfDay = 0;
        if (pos < end && s.charAt(pos) == ' ' && pos + 1 < end && isDigit(s.charAt(pos + 1))) {
            pos++;
            int hour = 0;
            n = 0;
            while (pos < end && isDigit(s.charAt(pos)) && n < 2) {
                hour = hour * 10 + (s.charAt(pos++) - '0');
                n++;
            }
            if (pos >= end || s.charAt(pos) != ':') {
                throw invalid(s, start, end, "has a malformed time of day");
            }
            int minute = digits(s, pos + 1, 2);
            if (minute < 0) {
                throw invalid(s, start, end, "has a malformed time of day");
            }
            pos += 3;
            int sec = 0;
            if (pos < end && s.charAt(pos) == ':') {
                sec = digits(s, pos + 1, 2);
                if (sec < 0) {
                    throw invalid(s, start, end, "has malformed seconds");
                }
                pos += 3;
            }
            if (hour > 23 || minute > 59 || sec > 59) {
                throw invalid(s, start, end, "has an impossible time of day");
            }
            millisOfDay = ((hour * 60L + minute) * 60L + sec) * 1000L;
        }
        long local = daysFromCivil(year, month, day) * MILLIS_PER_DAY + millisOfDay;
        return applyOffset(s, start, end, pos, local, assumeUtc);
    }

    private static void checkDate(String s, int start, int end, int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            throw invalid(s, start, end, "is not a valid date");
        }
    }

    static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int digits(String s, int pos, int count) {
        if (pos < 0 || pos + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = pos; i < pos + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int indexOf(String s, int start, int end, char c) {
        for (int i = start; i < end; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionEquals(String s, int pos, String expected) {
        for (int i = 0; i < expected.length(); i++) {
            if (Character.toUpperCase(s.charAt(pos + i)) != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static InvalidValueException invalid(String s, int start, int end, String why) {
        return new InvalidValueException("'" + s.substring(start, end) + "' " + why);
    }
}
