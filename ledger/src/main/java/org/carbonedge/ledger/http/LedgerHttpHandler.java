package org.carbonedge.ledger.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.carbonedge.ledger.LedgerJson;
import org.carbonedge.ledger.core.DimensionKeys;
import org.carbonedge.ledger.core.Totals;
import org.carbonedge.ledger.export.CodeCarbonCsv;
import org.carbonedge.ledger.export.SciReport;
import org.carbonedge.ledger.query.LedgerUnavailableException;
import org.carbonedge.ledger.query.RemoteLedger;
import org.carbonedge.ledger.query.Served;
import org.carbonedge.ledger.query.TotalsList;
import org.carbonedge.ledger.query.TotalsQueries;
import org.carbonedge.ledger.query.TotalsView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's HTTP API (read-only, GET):
 * <ul>
 *   <li>{@code /v1/totals[?dimension=zone]}: totals of every key, or of one dimension's keys;</li>
 *   <li>{@code /v1/totals/{key}}: one key's totals, from the instance that owns it (404 when unknown);</li>
 *   <li>{@code /v1/export/emissions.csv[?dimension=hour]}: a CodeCarbon-compatible emissions.csv;</li>
 *   <li>{@code /v1/export/sci[?format=json|csv]}: the SCI report per policy, model, model and policy, family, family and model.</li>
 * </ul>
 * Errors are JSON {@code {"status":..,"error":".."}}: 400 bad request, 404 unknown route or key, 405 not GET,
 * 503 (with Retry-After) while the ledger rebalances or another instance does not answer.
 */
public final class LedgerHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerHttpHandler.class);
    private static final String TOTALS = "/v1/totals";
    private static final String CSV_EXPORT = "/v1/export/emissions.csv";
    private static final String SCI_EXPORT = "/v1/export/sci";
    private static final String JSON = "application/json";
    private static final String CSV = "text/csv; charset=utf-8";

    private final TotalsQueries queries;

    public LedgerHttpHandler(TotalsQueries queries) {
        this.queries = queries;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            try {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    throw new HttpProblem(405, "method " + exchange.getRequestMethod() + " not allowed: the ledger is read-only, use GET");
                }
                route(exchange);
            } catch (HttpProblem e) {
                error(exchange, e.status(), e.getMessage());
            } catch (IllegalArgumentException e) {
                error(exchange, 400, e.getMessage());
            } catch (LedgerUnavailableException e) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                error(exchange, 503, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("ledger query {} failed", exchange.getRequestURI(), e);
                error(exchange, 500, "internal error: " + e.getMessage());
            }
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        boolean localOnly = "true".equals(exchange.getRequestHeaders().getFirst(RemoteLedger.LOCAL_ONLY));
        if (path.equals(TOTALS) || path.equals(TOTALS + "/")) {
            String dimension = dimension(QueryParams.parse(query, Set.of("dimension")));
            totals(exchange, dimension, localOnly);
        } else if (path.startsWith(TOTALS + "/")) {
            QueryParams.parse(query, Set.of());
            one(exchange, path.substring(TOTALS.length() + 1), localOnly);
        } else if (path.equals(CSV_EXPORT)) {
            String dimension = dimension(QueryParams.parse(query, Set.of("dimension")));
            SortedMap<String, Totals> rows = DimensionKeys.only(queries.all(false), dimension);
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"emissions.csv\"");
            send(exchange, 200, CSV, CodeCarbonCsv.write(rows).getBytes(StandardCharsets.UTF_8));
        } else if (path.equals(SCI_EXPORT)) {
            String format = Optional.ofNullable(QueryParams.parse(query, Set.of("format")).get("format")).orElse("json");
            List<SciReport.Row> rows = SciReport.rows(queries.all(false));
            switch (format) {
                case "json" -> sendJson(exchange, 200, new SciJson(SciReport.FORMULA, SciReport.FUNCTIONAL_UNIT,
                        SciReport.DEVICE_BOUNDARY, SciReport.WHOLE_BOUNDARY, rows));
                case "csv" -> send(exchange, 200, CSV, SciReport.csv(rows).getBytes(StandardCharsets.UTF_8));
                default -> throw new HttpProblem(400, "unknown format '" + format + "': use json or csv");
            }
        } else {
            throw new HttpProblem(404, "no route GET " + path + ": use " + TOTALS + ", " + TOTALS + "/{key}, "
                    + CSV_EXPORT + " or " + SCI_EXPORT);
        }
    }

    private void totals(HttpExchange exchange, String dimension, boolean localOnly) throws IOException {
        SortedMap<String, Totals> selected = DimensionKeys.only(queries.all(localOnly), dimension);
        List<TotalsView> views = new ArrayList<>(selected.size());
        selected.forEach((key, t) -> views.add(TotalsView.of(key, t)));
        sendJson(exchange, 200, new TotalsList(views.size(), views));
    }

    private void one(HttpExchange exchange, String key, boolean localOnly) throws IOException {
        DimensionKeys.dimensionOf(key); // 400 on a malformed key before asking anyone
        Served<Totals> served = queries.one(key, localOnly)
                .orElseThrow(() -> new HttpProblem(404, "no totals for key '" + key + "'"));
        exchange.getResponseHeaders().set(RemoteLedger.SERVED_BY, served.servedBy());
        sendJson(exchange, 200, TotalsView.of(key, served.value()));
    }

    private static String dimension(QueryParams params) {
        String dimension = params.get("dimension");
        if (dimension != null && !DimensionKeys.DIMENSIONS.contains(dimension)) {
            throw new HttpProblem(400, "unknown dimension '" + dimension + "': use one of "
                    + String.join(", ", DimensionKeys.DIMENSIONS));
        }
        return dimension;
    }

    /** The SCI report as JSON. */
    /** The SCI report as JSON, saying what each boundary covers. */
    record SciJson(String formula, String functionalUnit, String deviceBoundary, String wholeBoundary,
                   List<SciReport.Row> rows) {
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        sendJson(exchange, status, Map.of("status", status, "error", message == null ? "unknown error" : message));
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, JSON, LedgerJson.mapper().writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
