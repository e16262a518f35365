package org.carbonedge.feed.sdkapi;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The SDK Web API's read endpoints over HTTP, GET (and HEAD) only:
 * <ul>
 *   <li>{@code /emissions/bylocation?location=&time=&toTime=}</li>
 *   <li>{@code /emissions/bylocations?location=..&location=..&time=&toTime=}</li>
 *   <li>{@code /emissions/bylocations/best?location=..&time=&toTime=}</li>
 *   <li>{@code /emissions/forecasts/current?location=..&dataStartAt=&dataEndAt=&windowSize=}</li>
 *   <li>{@code /emissions/average-carbon-intensity?location=&startTime=&endTime=}</li>
 * </ul>
 * As in ASP.NET, parameter names are matched case-insensitively, unknown parameters are ignored and a single-valued
 * parameter given twice takes its first value. Empty results of the emissions endpoints are 204. Bounded: a query
 * string over {@value #MAX_QUERY_CHARS} characters, more than {@value #MAX_PARAMETERS} parameters or more than
 * {@value #MAX_LOCATIONS} locations is refused with a 400 before anything is looked up.
 */
public final class SdkApiHandler implements HttpHandler {

    static final int MAX_QUERY_CHARS = 4096;
    static final int MAX_PARAMETERS = 128;
    static final int MAX_LOCATIONS = 64;
    private static final String JSON = "application/json; charset=utf-8";
    private static final String PROBLEM = "application/problem+json; charset=utf-8";

    private final SdkQueries queries;

    public SdkApiHandler(SdkQueries queries) {
        this.queries = queries;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!"GET".equals(method) && !head) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, PROBLEM, SdkJson.problem(new SdkProblem(405, null, "Method Not Allowed",
                        "only GET is served", Map.of())), false);
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            JsonNode body;
            int status = 200;
            try {
                Map<String, List<String>> q = parameters(exchange.getRequestURI().getRawQuery());
                switch (path.toLowerCase(Locale.ROOT)) {
                    case "/emissions/bylocation" -> body = SdkJson.emissionsData(queries.emissions(
                            first(q, "location").map(List::of).orElse(List.of()), time(q, "time"), time(q, "toTime")));
                    case "/emissions/bylocations" -> body = SdkJson.emissionsData(queries.emissions(
                            locations(q), time(q, "time"), time(q, "toTime")));
                    case "/emissions/bylocations/best" -> body = SdkJson.emissionsData(queries.best(
                            locations(q), time(q, "time"), time(q, "toTime")));
                    case "/emissions/forecasts/current" -> body = SdkJson.forecasts(queries.currentForecasts(
                            locations(q), time(q, "dataStartAt"), time(q, "dataEndAt"), integer(q, "windowSize")));
                    case "/emissions/average-carbon-intensity" -> body = SdkJson.average(queries.average(
                            first(q, "location").orElse(null), time(q, "startTime"), time(q, "endTime")));
                    default -> {
                        send(exchange, 404, PROBLEM, SdkJson.problem(new SdkProblem(404, null, "Not Found",
                                "not an endpoint of this API", Map.of())), head);
                        return;
                    }
                }
            } catch (SdkProblem p) {
                send(exchange, p.status(), PROBLEM, SdkJson.problem(p), head);
                return;
            }
            if (body.isArray() && body.isEmpty() && path.toLowerCase(Locale.ROOT).startsWith("/emissions/bylocation")) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            send(exchange, status, JSON, body, head);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, JsonNode body, boolean head)
            throws IOException {
        byte[] bytes = SdkJson.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", type);
        if (head) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The query's parameters by lower-cased name, values decoded, in order; bounded. */
    static Map<String, List<String>> parameters(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        if (rawQuery.length() > MAX_QUERY_CHARS) {
            throw SdkProblem.binding("query", "The query string is longer than " + MAX_QUERY_CHARS + " characters.");
        }
        int count = 0;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMETERS) {
                throw SdkProblem.binding("query", "The query has more than " + MAX_PARAMETERS + " parameters.");
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SdkProblem.binding("query", "The query string is not validly percent-encoded.");
        }
    }

    private static java.util.Optional<String> first(Map<String, List<String>> q, String name) {
        List<String> values = q.get(name.toLowerCase(Locale.ROOT));
        if (values == null) {
            return java.util.Optional.empty();
        }
        return values.stream().filter(v -> !v.isEmpty()).findFirst();
    }

    private static List<String> locations(Map<String, List<String>> q) {
        List<String> values = q.getOrDefault("location", List.of()).stream().filter(v -> !v.isEmpty()).toList();
        if (values.size() > MAX_LOCATIONS) {
            throw SdkProblem.binding("location", "At most " + MAX_LOCATIONS + " locations per request.");
        }
        return values.stream().distinct().toList();
    }

    /**
     * A date-time as ASP.NET binds a DateTimeOffset: with an offset, or without one (read as UTC), or a date alone
     * (its midnight, UTC).
     */
    static Instant time(Map<String, List<String>> q, String name) {
        java.util.Optional<String> value = first(q, name);
        if (value.isEmpty()) {
            return null;
        }
        String v = value.get().strip();
        Instant t = parseTime(v);
        if (t == null || t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw SdkProblem.binding(name, "The value '" + SdkQueries.echo(v) + "' is not valid for " + name + ".");
        }
        return t;
    }

    /** .NET's DateTimeOffset range: years 1 to 9999. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant parseTime(String v) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // try the forms without an offset
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // try a date alone
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Integer integer(Map<String, List<String>> q, String name) {
        java.util.Optional<String> value = first(q, name);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(value.get().strip());
        } catch (NumberFormatException e) {
            throw SdkProblem.binding(name, "The value '" + SdkQueries.echo(value.get()) + "' is not valid for " + name + ".");
        }
    }
}
