package org.carbonedge.ingest.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Query parameters of a gateway URL: decoded, each at most once, only the known ones (a typo is a 400, not ignored). */
final class QueryString {

    private QueryString() {
    }

    static Map<String, String> parse(String rawQuery, Set<String> allowed) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RejectedInputException(400, "malformed query parameter '" + pair + "': " + e.getMessage());
            }
            if (!allowed.contains(name)) {
                throw new RejectedInputException(400, allowed.isEmpty() ? "this request takes no query parameters, got '" + name + "'"
                        : "unknown query parameter '" + name + "'; use " + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (params.put(name, value) != null) {
                throw new RejectedInputException(400, "query parameter '" + name + "' given twice");
            }
        }
        return params;
    }
}
