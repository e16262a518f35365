package org.carbonedge.common.http;

/** The one bit of JSON the listener writes itself: a string literal, so this package needs no JSON library. */
final class Json {

    private Json() {
    }

    /** {@code text} as a JSON string literal (null as {@code "unknown error"}). */
    static String quote(String text) {
        String s = text == null ? "unknown error" : text;
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
