package org.carbonedge.cli.feed;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carbonedge.cli.UsageException;

/**
 * Times and durations typed on the command line. A time must say where it is on the UTC axis ({@code Z} or an
 * offset; a bare date means its UTC midnight): an offset-less {@code 2023-06-01T12:00} is refused, not guessed.
 */
public final class TimeArguments {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private TimeArguments() {
    }

    /** Parses {@code 2023-06-01T00:00:00Z}, {@code 2023-06-01T02:00+02:00} or {@code 2023-06-01}; null stays null. */
    public static Instant utc(String option, String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new UsageException("invalid value for option '" + option + "': '" + text
                            + "' is not an ISO-8601 UTC time; use e.g. 2023-06-01T00:00:00Z (a time without Z or"
                            + " an offset is ambiguous)");
                }
            }
        }
    }

    /** Parses {@code PT5M} or {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}; must be positive. */
    public static Duration positiveDuration(String option, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = SHORT_DURATION.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms": d = Duration.ofMillis(n); break;
                    case "s": d = Duration.ofSeconds(n); break;
                    case "m": d = Duration.ofMinutes(n); break;
                    case "h": d = Duration.ofHours(n); break;
                    default: d = Duration.ofDays(n); break;
                }
            } else {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new UsageException("invalid value for option '" + option + "': '" + text
                    + "' is not a duration; use e.g. 30s, 5m, 1h or PT30M");
        }
        if (d.isZero() || d.isNegative()) {
            throw new UsageException("invalid value for option '" + option + "': '" + text + "' must be positive");
        }
        return d;
    }
}
