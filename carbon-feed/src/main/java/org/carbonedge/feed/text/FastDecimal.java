package org.carbonedge.feed.text;

/**
 * Parses decimal numbers straight from a character range. Plain decimals with at most 15 significant digits are
 * converted exactly like {@link Double#parseDouble} (one correctly rounded division of two exact doubles), without
 * allocating; anything else (exponents, long mantissas, NaN) falls back to {@code Double.parseDouble} after a
 * check that refuses Java-only spellings such as {@code 1d} or hex floats.
 */
public final class FastDecimal {
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1.0;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10.0;
        }
    }

    private FastDecimal() {
    }

    public static double parse(String text) {
        return parse(text, 0, text.length());
    }

    /**
     * Parses {@code text[start, end)}. NaN and infinities parse (so the caller can reject them with a clear reason).
     *
     * @throws InvalidValueException when the field is empty or not a number
     */
    public static double parse(String text, int start, int end) {
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        if (start == end) {
            throw new InvalidValueException("missing value");
        }
        int pos = start;
        boolean negative = false;
        char first = text.charAt(pos);
        if (first == '-' || first == '+') {
            negative = first == '-';
            pos++;
        }
        long mantissa = 0;
        int significant = 0;
        int fractionDigits = 0;
        boolean seenDot = false;
        boolean seenDigit = false;
        for (; pos < end; pos++) {
            char c = text.charAt(pos);
            if (c >= '0' && c <= '9') {
                seenDigit = true;
                if (mantissa != 0 || c != '0') {
                    significant++;
                }
                if (significant > 15) {
                    return slowPath(text, start, end);
                }
                mantissa = mantissa * 10 + (c - '0');
                if (seenDot) {
                    fractionDigits++;
                }
            } else if (c == '.' && !seenDot) {
                seenDot = true;
            } else {
                return slowPath(text, start, end);
            }
        }
        if (!seenDigit || fractionDigits >= POWERS_OF_TEN.length) {
            return slowPath(text, start, end);
        }
        double value = fractionDigits == 0 ? (double) mantissa : mantissa / POWERS_OF_TEN[fractionDigits];
        return negative ? -value : value;
    }

    private static double slowPath(String text, int start, int end) {
        String s = text.substring(start, end);
        String unsigned = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        if (unsigned.equals("NaN") || unsigned.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (unsigned.equalsIgnoreCase("Infinity") || unsigned.equalsIgnoreCase("inf")) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < unsigned.length(); i++) {
            char c = unsigned.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
            if (!allowed) {
                throw new InvalidValueException("'" + s + "' is not a number");
            }
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("'" + s + "' is not a number");
        }
    }
}
