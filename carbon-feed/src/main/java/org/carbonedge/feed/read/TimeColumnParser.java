package org.carbonedge.feed.read;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.text.InvalidValueException;
import org.carbonedge.feed.text.MissingOffsetException;
import org.carbonedge.feed.text.UtcTimestamps;

/**
 * Converts the time column of a generic CSV to UTC epoch millis according to a {@link GenericCsvMapping}: ISO,
 * epoch seconds/millis, or a user pattern. Local times are converted with the declared time zone; a local time
 * that the zone's DST change skips or repeats is refused, never guessed.
 */
final class TimeColumnParser {
    private enum Mode { ISO, EPOCH_SECONDS, EPOCH_MILLIS, PATTERN }

    private final Mode mode;
    private final DateTimeFormatter formatter;
    private final ZoneId zone;
    private final boolean zoneIsUtc;

    TimeColumnParser(String timeFormat, ZoneId zone) {
        this.zone = zone;
        this.zoneIsUtc = zone != null && zone.normalized() instanceof ZoneOffset
                && ((ZoneOffset) zone.normalized()).getTotalSeconds() == 0;
        switch (timeFormat.strip().toLowerCase(Locale.ROOT)) {
            case "iso":
            case "iso8601":
            case "iso-8601":
                mode = Mode.ISO;
                formatter = null;
                break;
            case "epoch-s":
            case "epoch-seconds":
            case "unix":
                mode = Mode.EPOCH_SECONDS;
                formatter = null;
                break;
            case "epoch-ms":
            case "epoch-millis":
                mode = Mode.EPOCH_MILLIS;
                formatter = null;
                break;
            default:
                mode = Mode.PATTERN;
                try {
                    formatter = DateTimeFormatter.ofPattern(timeFormat, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new FeedException("generic CSV: bad --time-format '" + timeFormat + "': " + e.getMessage());
                }
                if (!patternHasOffset(timeFormat) && zone == null) {
                    throw new FeedException("generic CSV: --time-format '" + timeFormat + "' has no offset or zone;"
                            + " declare the time zone of the column (e.g. --time-zone UTC)");
                }
        }
    }

    private static boolean patternHasOffset(String pattern) {
        String unquoted = pattern.replaceAll("'[^']*'", "");
        for (char letter : "XxZOVz".toCharArray()) {
            if (unquoted.indexOf(letter) >= 0) {
                return true;
            }
        }
        return false;
    }

    long parse(String text) {
        switch (mode) {
            case EPOCH_SECONDS:
                return Math.round(number(text) * 1000.0);
            case EPOCH_MILLIS:
                return Math.round(number(text));
            case ISO:
                return parseIso(text);
            default:
                return parsePattern(text);
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidValueException("'" + text + "' is not an epoch timestamp");
        }
    }

    private long parseIso(String text) {
        if (zone == null) {
            return UtcTimestamps.parseEpochMillis(text, false);
        }
        if (zoneIsUtc) {
            return UtcTimestamps.parseEpochMillis(text, true);
        }
        try {
            return UtcTimestamps.parseEpochMillis(text, false);
        } catch (MissingOffsetException local) {
            long localAsUtc = UtcTimestamps.parseEpochMillis(text, true);
            LocalDateTime ldt = LocalDateTime.ofEpochSecond(Math.floorDiv(localAsUtc, 1000L),
                    (int) Math.floorMod(localAsUtc, 1000L) * 1_000_000, ZoneOffset.UTC);
            return resolveLocal(ldt, text);
        }
    }

    private long parsePattern(String text) {
        TemporalAccessor parsed;
        try {
            parsed = formatter.parseBest(text.strip(), OffsetDateTime::from, ZonedDateTime::from,
                    LocalDateTime::from, LocalDate::from);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("'" + text + "' does not match the time format");
        }
        if (parsed instanceof OffsetDateTime) {
            return ((OffsetDateTime) parsed).toInstant().toEpochMilli();
        }
        if (parsed instanceof ZonedDateTime) {
            return ((ZonedDateTime) parsed).toInstant().toEpochMilli();
        }
        LocalDateTime ldt = parsed instanceof LocalDate ? ((LocalDate) parsed).atStartOfDay() : (LocalDateTime) parsed;
        return resolveLocal(ldt, text);
    }

    private long resolveLocal(LocalDateTime ldt, String text) {
        if (zone == null) {
            throw new MissingOffsetException("'" + text + "' has no UTC offset; refusing to guess its time zone");
        }
        List<ZoneOffset> offsets;
        try {
            offsets = zone.getRules().getValidOffsets(ldt);
        } catch (DateTimeException e) {
            throw new InvalidValueException("'" + text + "' cannot be placed in " + zone);
        }
        if (offsets.isEmpty()) {
            throw new InvalidValueException("'" + text + "' does not exist in " + zone
                    + " (skipped by a daylight-saving change)");
        }
        if (offsets.size() > 1) {
            throw new InvalidValueException("'" + text + "' is ambiguous in " + zone
                    + " (repeated by a daylight-saving change); refusing to guess");
        }
        return ldt.toInstant(offsets.get(0)).toEpochMilli();
    }
}
