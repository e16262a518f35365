package org.carbonedge.platform.registry.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.carbonedge.platform.registry.api.ErrorMessage;
import org.carbonedge.platform.registry.core.RegistryException;
import org.carbonedge.platform.registry.core.SubjectNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one JDK {@link HttpHandler} of the registry: decodes the path and query, refuses invalid subject names
 * (42208), checks the request content type, dispatches through the {@link Router}, and writes every answer (errors
 * included) as {@code application/vnd.schemaregistry.v1+json}. It runs on the shared Jetty listener
 * ({@link org.carbonedge.common.http.HttpListener}), which bounds the body and the time to send it.
 */
public final class RegistryHttpHandler implements HttpHandler {

    /** Confluent's versioned media type, used for every response. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Set<String> ACCEPTED_REQUEST_TYPES = Set.of(CONTENT_TYPE,
            "application/vnd.schemaregistry+json", "application/json", "application/octet-stream");
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final Router router;
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RegistryHttpHandler(Router router) {
        this.router = router;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiReply reply;
            try {
                reply = dispatch(exchange);
            } catch (RegistryException e) {
                if (e.httpStatus() >= 500) {
                    LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
                }
                reply = new ApiReply(e.httpStatus(), new ErrorMessage(e.errorCode(), e.getMessage()), null);
            } catch (Router.MethodNotAllowed e) {
                exchange.getResponseHeaders().set("Allow", String.join(", ", e.allowed()));
                RegistryException err = HttpErrors.methodNotAllowed();
                reply = new ApiReply(405, new ErrorMessage(err.errorCode(), err.getMessage()), null);
            } catch (RuntimeException e) {
                LOG.error("{} {} failed unexpectedly", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                reply = new ApiReply(500, new ErrorMessage(500, "Internal Server Error: " + e), null);
            }
            send(exchange, reply);
        }
    }

    private ApiReply dispatch(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        List<String> segments = segments(exchange.getRequestURI().getRawPath());
        Router.Match match = router.resolve(method, segments);
        if (match == null) {
            throw HttpErrors.notFound();
        }
        String subject = match.params().get("subject");
        if (subject != null) {
            SubjectNames.check(subject);
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (body.length > 0) {
            checkContentType(exchange.getRequestHeaders().getFirst("Content-Type"));
        }
        ApiRequest request = new ApiRequest(method, match.params(), query(exchange.getRequestURI().getRawQuery()),
                body, mapper);
        return match.handler().handle(request);
    }

    private void send(HttpExchange exchange, ApiReply reply) throws IOException {
        byte[] bytes = reply.rawJson() != null
                ? reply.rawJson().getBytes(StandardCharsets.UTF_8)
                : mapper.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void checkContentType(String header) {
        if (header == null || header.isBlank()) {
            return;
        }
        String type = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!ACCEPTED_REQUEST_TYPES.contains(type)) {
            throw HttpErrors.unsupportedMediaType(type);
        }
    }

    /** Splits a raw path into percent-decoded segments ('+' stays '+': it is not a space in a path). */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return out;
        }
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        try {
            for (String s : p.split("/", -1)) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            throw HttpErrors.notFound();
        }
        return out;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            try {
                out.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException e) {
                // a malformed parameter is ignored, like an unknown one
            }
        }
        return out;
    }
}
