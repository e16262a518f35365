package org.carbonedge.feed.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FastDecimalTest {
    @Test
    void matchesDoubleParseDoubleBitForBit() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            int decimals = random.nextInt(8);
            double v = (random.nextDouble() - 0.2) * Math.pow(10, random.nextInt(7));
            String text = String.format(Locale.ROOT, "%." + decimals + "f", v);
            assertEquals(Double.doubleToLongBits(Double.parseDouble(text)),
                    Double.doubleToLongBits(FastDecimal.parse(text)), text);
        }
        for (String text : new String[] {"0", "-0.0", ".5", "12.", "1e3", "2.5E-2", "123456789012345678.25",
                "0.1234567890123456789"}) {
            assertEquals(Double.parseDouble(text), FastDecimal.parse(text), text);
        }
    }

    @Test
    void refusesJavaOnlySpellingsAndGarbage() {
        assertEquals("'1d' is not a number", assertThrows(InvalidValueException.class,
                () -> FastDecimal.parse("1d")).getMessage());
        assertThrows(InvalidValueException.class, () -> FastDecimal.parse("0x1p3"));
        assertThrows(InvalidValueException.class, () -> FastDecimal.parse("12,5"));
        assertThrows(InvalidValueException.class, () -> FastDecimal.parse("-"));
        assertEquals("missing value", assertThrows(InvalidValueException.class,
                () -> FastDecimal.parse("  ")).getMessage());
        assertTrue(Double.isNaN(FastDecimal.parse("NaN")));
        assertEquals(Double.NEGATIVE_INFINITY, FastDecimal.parse("-Infinity"));
    }
}
