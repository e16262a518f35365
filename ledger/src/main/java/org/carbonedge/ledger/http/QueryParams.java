package org.carbonedge.ledger.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A request's query parameters, checked against what the route accepts: an unknown, repeated or empty parameter is
 * a 400 with its name, not silently ignored.
 */
final class QueryParams {

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    static QueryParams parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParams(values);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!allowed.contains(name)) {
                throw new HttpProblem(400, "unknown query parameter '" + name + "'"
                        + (allowed.isEmpty() ? ": this route takes none" : ": use " + String.join(", ", allowed)));
            }
            if (value.isEmpty()) {
                throw new HttpProblem(400, "query parameter '" + name + "' needs a value");
            }
            if (values.put(name, value) != null) {
                throw new HttpProblem(400, "query parameter '" + name + "' is given more than once");
            }
        }
        return new QueryParams(values);
    }

    /** The value, or null when absent. */
    String get(String name) {
        return values.get(name);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, "malformed query string: " + e.getMessage());
        }
    }
}
