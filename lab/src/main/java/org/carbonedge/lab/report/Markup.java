package org.carbonedge.lab.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Writes well-formed XML text, the report's XHTML page and its inline SVG, with every text and attribute value
 * escaped: whatever a label holds (a custom policy's commas, a '&lt;') the page still parses. Elements are closed in
 * order; {@link #toString()} refuses a document with an element left open.
 */
public final class Markup {

    private final StringBuilder out = new StringBuilder();
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens element {@code name}; {@code attributes} are name, value pairs (numbers are written with 2 decimals). */
    public Markup open(String name, Object... attributes) {
        tag(name, attributes);
        out.append('>');
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    public Markup close() {
        if (open.isEmpty()) {
            throw new IllegalStateException("no element is open");
        }
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** An element without content: {@code <name .../>}. */
    public Markup empty(String name, Object... attributes) {
        tag(name, attributes);
        out.append("/>");
        return this;
    }

    /** An element holding only {@code text}. */
    public Markup element(String name, String text, Object... attributes) {
        return open(name, attributes).text(text).close();
    }

    /** Escaped character data. */
    public Markup text(String text) {
        out.append(escape(text));
        return this;
    }

    /** A line break in the source, to keep the file readable. */
    public Markup newline() {
        out.append('\n');
        return this;
    }

    /** Appends another complete document, e.g. a chart drawn on its own. */
    public Markup append(Markup other) {
        out.append(other);
        return this;
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("elements left open: " + open);
        }
        return out.toString();
    }

    /** {@code value} with the five XML special characters escaped. */
    public static String escape(String value) {
        StringBuilder s = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    /** A coordinate or size as SVG reads it: at most 2 decimals, no exponent, no locale. */
    static String number(double value) {
        String s = String.format(Locale.ROOT, "%.2f", value);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            s = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
        return s.equals("-0") ? "0" : s;
    }

    private void tag(String name, Object[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes of <" + name + "> must be name, value pairs");
        }
        out.append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            Object v = attributes[i + 1];
            String value = v instanceof Double d ? number(d) : v instanceof Float f ? number(f) : String.valueOf(v);
            out.append(' ').append(attributes[i]).append("=\"").append(escape(value)).append('"');
        }
    }
}
