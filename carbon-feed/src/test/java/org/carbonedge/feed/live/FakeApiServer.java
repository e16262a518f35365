package org.carbonedge.feed.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A loopback HTTP server that answers like a real API: per path, a queue of scripted answers (status, headers,
 * body) or a function of the request, and a log of every request received.
 */
final class FakeApiServer implements AutoCloseable {
    /** One scripted answer. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer json(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json"), body);
        }

        static Answer status(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body);
        }
    }

    /** One request as received. */
    record Request(String path, String query, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripted = new HashMap<>();
    private final Map<String, Function<Request, Answer>> dynamic = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    FakeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Answers requests to {@code path} with {@code answers} in turn; the last one repeats. */
    synchronized FakeApiServer on(String path, Answer... answers) {
        scripted.put(path, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    synchronized FakeApiServer on(String path, Function<Request, Answer> responder) {
        dynamic.put(path, responder);
        return this;
    }

    synchronized List<Request> requests() {
        return new ArrayList<>(requests);
    }

    synchronized long count(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        Request request = new Request(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                headers);
        Answer answer;
        synchronized (this) {
            requests.add(request);
            Function<Request, Answer> f = dynamic.get(request.path());
            Deque<Answer> queue = scripted.get(request.path());
            if (f != null) {
                answer = f.apply(request);
            } else if (queue != null && !queue.isEmpty()) {
                answer = queue.size() > 1 ? queue.poll() : queue.peek();
            } else {
                answer = Answer.status(404, "{\"message\":\"no such endpoint\"}");
            }
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
