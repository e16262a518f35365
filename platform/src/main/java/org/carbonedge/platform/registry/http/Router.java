package org.carbonedge.platform.registry.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps (method, path segments) to a handler using templates like {@code /subjects/{subject}/versions}.
 * A path that matches some template under another method is a 405 (with the allowed methods), a path that
 * matches none is a 404.
 */
public final class Router {

    private record Route(String method, String[] template, RouteHandler handler) {
    }

    /** A successful match: the handler and the bound template variables. */
    public record Match(RouteHandler handler, Map<String, String> params) {
    }

    /** The path exists but not for this method. */
    public static final class MethodNotAllowed extends RuntimeException {
        private final Set<String> allowed;

        MethodNotAllowed(Set<String> allowed) {
            super(null, null, false, false);
            this.allowed = allowed;
        }

        public Set<String> allowed() {
            return allowed;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; {@code template} segments in braces bind variables. */
    public Router add(String method, String template, RouteHandler handler) {
        String[] parts = template.equals("/") ? new String[0] : template.substring(1).split("/");
        routes.add(new Route(method, parts, handler));
        return this;
    }

    /**
     * @param segments decoded path segments
     * @return the match, or null when no template matches the path
     * @throws MethodNotAllowed when templates match the path but none for this method
     */
    public Match resolve(String method, List<String> segments) {
        Set<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = bind(r.template(), segments);
            if (params == null) {
                continue;
            }
            if (r.method().equals(method)) {
                return new Match(r.handler(), params);
            }
            allowed.add(r.method());
        }
        if (!allowed.isEmpty()) {
            throw new MethodNotAllowed(allowed);
        }
        return null;
    }

    private static Map<String, String> bind(String[] template, List<String> segments) {
        if (template.length != segments.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            String s = segments.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                if (s.isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), s);
            } else if (!t.equals(s)) {
                return null;
            }
        }
        return params;
    }
}
