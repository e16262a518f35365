package org.carbonedge.ledger.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * A route whose handler comes later. The ledger must bind its port before Kafka Streams is built (the port is its
 * {@code application.server}), but its queries need Kafka Streams; in between, callers get a 503 with
 * {@code Retry-After}, like during a rebalance.
 */
public final class DeferredHandler implements HttpHandler {

    private volatile HttpHandler target;

    /** Serves with {@code handler} from now on. */
    public void set(HttpHandler handler) {
        target = handler;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        HttpHandler h = target;
        if (h != null) {
            h.handle(exchange);
            return;
        }
        try (exchange) {
            byte[] body = "{\"status\":503,\"error\":\"the ledger is starting\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Retry-After", "1");
            exchange.sendResponseHeaders(503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
