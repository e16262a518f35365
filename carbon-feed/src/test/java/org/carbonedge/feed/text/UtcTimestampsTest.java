package org.carbonedge.feed.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.carbonedge.feed.text.UtcTimestamps.SlashOrder;
import org.junit.jupiter.api.Test;

class UtcTimestampsTest {
    private static long utc(String text) {
        return UtcTimestamps.parseEpochMillis(text, false);
    }

    private static long assumeUtc(String text) {
        return UtcTimestamps.parseEpochMillis(text, true);
    }

    @Test
    void offsetsAreConvertedToUtc() {
        assertEquals(Instant.parse("2023-06-01T10:00:00Z").toEpochMilli(), utc("2023-06-01T12:00:00+02:00"));
        assertEquals(Instant.parse("2023-06-01T17:30:00Z").toEpochMilli(), utc("2023-06-01 12:00:00-0530"));
        assertEquals(Instant.parse("2023-06-01T07:00:00Z").toEpochMilli(), utc("2023-06-01T12:00:00+05"));
        assertEquals(Instant.parse("2018-01-20T12:00:00Z").toEpochMilli(), utc("2018-01-20T12:00Z"));
        assertEquals(Instant.parse("2019-05-21T00:00:00.123Z").toEpochMilli(), utc("2019-05-21T00:00:00.123Z"));
        assertEquals(Instant.parse("2022-12-31T23:30:00Z").toEpochMilli(), utc("2022-12-31 23:30:00+00:00"));
        assertEquals(Instant.parse("2023-01-01T00:00:00Z").toEpochMilli(), utc("2023-01-01 00:00:00 UTC"));
    }

    @Test
    void offsetLessTimesAreRefusedUnlessTheColumnIsDocumentedUtc() {
        MissingOffsetException e = assertThrows(MissingOffsetException.class, () -> utc("2023-01-01 00:00:00"));
        assertEquals("'2023-01-01 00:00:00' has no UTC offset; refusing to guess its time zone (write it with Z or "
                + "+00:00, or declare the column's time zone)", e.getMessage());
        assertEquals(Instant.parse("2023-01-01T00:00:00Z").toEpochMilli(), assumeUtc("2023-01-01 00:00:00"));
        assertEquals(Instant.parse("2023-01-01T00:00:00Z").toEpochMilli(), assumeUtc("2023-01-01"));
    }

    @Test
    void spreadsheetSlashDatesAreDayFirstByDefault() {
        assertEquals(Instant.parse("2023-01-13T05:00:00Z").toEpochMilli(),
                UtcTimestamps.parseEpochMillis("13/01/2023 05:00", 0, 16, true, SlashOrder.DAY_FIRST));
        assertEquals(Instant.parse("2023-01-02T05:07:09Z").toEpochMilli(),
                UtcTimestamps.parseEpochMillis("1/2/2023 5:07:09", 0, 16, true, SlashOrder.MONTH_FIRST));
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> UtcTimestamps.parseEpochMillis("01/13/2023 00:00", 0, 16, true, SlashOrder.DAY_FIRST));
        assertEquals("'01/13/2023 00:00' has month 13; the file looks month-first (mm/dd/yyyy)", e.getMessage());
        assertThrows(MissingOffsetException.class,
                () -> UtcTimestamps.parseEpochMillis("13/01/2023 05:00", 0, 16, false, SlashOrder.DAY_FIRST));
    }

    @Test
    void impossibleDatesAndTimesAreRejected() {
        assertEquals("'2023-02-29 00:00:00' is not a valid date",
                assertThrows(InvalidValueException.class, () -> assumeUtc("2023-02-29 00:00:00")).getMessage());
        assertEquals(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli(), assumeUtc("2024-02-29 00:00:00"));
        assertEquals("'2023-01-01 24:00:00' has an impossible time of day",
                assertThrows(InvalidValueException.class, () -> assumeUtc("2023-01-01 24:00:00")).getMessage());
        assertThrows(InvalidValueException.class, () -> assumeUtc("2023-13-01 00:00:00"));
        assertThrows(InvalidValueException.class, () -> utc("2023-01-01T00:00:00+25:00"));
        assertThrows(InvalidValueException.class, () -> utc("2023-01-01T00:00:00 CET"));
        assertThrows(InvalidValueException.class, () -> assumeUtc("yesterday"));
        assertEquals("missing timestamp", assertThrows(InvalidValueException.class, () -> assumeUtc("")).getMessage());
    }

    @Test
    void agreesWithJavaTimeOnRandomInstantsAndOffsets() {
        Random random = new Random(42);
        DateTimeFormatter withOffset = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
        for (int i = 0; i < 5000; i++) {
            long millis = (long) (random.nextDouble() * 4_000_000_000_000L) - 1_000_000_000_000L;
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(28 * 4) - 14 * 4) * 900);
            OffsetDateTime odt = Instant.ofEpochMilli(millis).atOffset(offset);
            String text = withOffset.format(odt);
            assertEquals(millis, utc(text), text);
        }
    }
}
