package org.carbonedge.feed.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLineTest {
    private static List<String> fields(CsvLine csv) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < csv.size(); i++) {
            out.add(csv.field(i));
        }
        return out;
    }

    @Test
    void splitsPlainAndQuotedFields() {
        CsvLine csv = new CsvLine(',');
        assertTrue(csv.parse("2023-01-01 00:00:00,USA, \"PJM Interconnection, LLC\" ,US-MIDA-PJM,299.98,,"));
        assertEquals(List.of("2023-01-01 00:00:00", "USA", "PJM Interconnection, LLC", "US-MIDA-PJM", "299.98", "",
                ""), fields(csv));
        assertTrue(csv.parse("a,\"say \"\"hi\"\"\",c"));
        assertEquals(List.of("a", "say \"hi\"", "c"), fields(csv));
    }

    @Test
    void reportsMalformedQuotes() {
        CsvLine csv = new CsvLine(',');
        assertFalse(csv.parse("a,\"unterminated,c"));
        assertEquals("unterminated quoted field 2", csv.error());
        assertFalse(csv.parse("a,\"x\"y,c"));
        assertEquals("unexpected text after the closing quote of field 2", csv.error());
        assertFalse(csv.parse("a,b\"c,d"));
        assertEquals("stray quote inside unquoted field 2", csv.error());
    }

    @Test
    void trimsAndComparesWithoutAllocating() {
        CsvLine csv = new CsvLine(';');
        assertTrue(csv.parse(" DE ; FALSE ;1"));
        assertTrue(csv.fieldEquals(0, "DE"));
        assertTrue(csv.fieldEqualsIgnoreCase(1, "false"));
        assertEquals(3, csv.size());
    }
}
