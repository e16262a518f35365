package org.carbonedge.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches to JDK {@link HttpHandler}s by path prefix, longest first, as {@code HttpServer.createContext} does
 * ({@code /metrics} before {@code /}). Bodies are bounded here, so every API words the refusal the same way: a
 * Content-Length over the limit is refused before the handler runs, a chunked body once it grows past the limit.
 * A handler that fails before answering gets a proper error from the listener: 413 for a body over the limit, 408
 * for a body that did not arrive in time, 500 otherwise.
 */
final class JdkRoutes extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(JdkRoutes.class);

    private record Route(String prefix, HttpHandler handler, HttpContext context) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final long maxBodyBytes;
    private final Duration bodyTimeout;

    JdkRoutes(Map<String, HttpHandler> handlers, long maxBodyBytes, Duration bodyTimeout) {
        super(InvocationType.BLOCKING);
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
        handlers.forEach((prefix, handler) -> routes.add(new Route(prefix, handler, new Context(prefix, handler))));
        routes.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        Route route = route(path == null ? "/" : path);
        if (route == null) {
            UnreadBody.closeConnectionIfAny(request, response);
            Response.writeError(request, response, callback, 404, "no route " + path);
            return true;
        }
        long length = request.getLength();
        if (length > maxBodyBytes) {
            // A body up to DRAIN_LIMIT_BYTES is read and dropped first (within the body deadline), so the client has
            // sent it all when the 413 comes: closing on a client still sending makes its kernel answer with a reset,
            // which can destroy the 413 before the client reads it. A bigger one is not read: the connection closes.
            if (length > DRAIN_LIMIT_BYTES
                    || !drained(request, request.getBeginNanoTime() + bodyTimeout.toNanos())) {
                UnreadBody.closeConnectionIfAny(request, response);
            }
            Response.writeError(request, response, callback, 413, tooLarge());
            return true;
        }
        URI uri;
        try {
            uri = new URI(request.getHttpURI().getPathQuery());
        } catch (URISyntaxException e) {
            UnreadBody.closeConnectionIfAny(request, response);
            Response.writeError(request, response, callback, 400, "malformed request URI: " + e.getReason());
            return true;
        }
        long deadline = request.getBeginNanoTime() + bodyTimeout.toNanos();
        JdkExchange exchange = new JdkExchange(request, response, route.context(), uri, maxBodyBytes, deadline);
        try {
            route.handler().handle(exchange);
            if (!exchange.headersSent()) {
                Response.writeError(request, response, callback, 500, "the handler sent no answer");
                return true;
            }
            exchange.close();
            callback.succeeded();
        } catch (Throwable t) {
            fail(request, response, callback, exchange, t);
        }
        return true;
    }

    /** Most of a body over the limit the listener reads (and drops) before answering 413, bytes. */
    static final long DRAIN_LIMIT_BYTES = 1024 * 1024;

    /** Whether the whole body was read and dropped by {@code deadlineNanos}; nothing of it is kept. */
    private static boolean drained(Request request, long deadlineNanos) {
        try (InputStream in = new BoundedBody(Content.Source.asInputStream(request), DRAIN_LIMIT_BYTES, deadlineNanos)) {
            byte[] scratch = new byte[8192];
            while (in.read(scratch) >= 0) {
                // dropped
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String tooLarge() {
        return "request body over the limit of " + maxBodyBytes + " bytes";
    }

    private void fail(Request request, Response response, Callback callback, JdkExchange exchange, Throwable t) {
        if (exchange.headersSent() || response.isCommitted()) {
            LOG.debug("{} {} failed after answering", request.getMethod(), request.getHttpURI().getPath(), t);
            callback.failed(t);
            return;
        }
        int status = status(t);
        String message = switch (status) {
            case 413 -> tooLarge();
            case 408 -> "request body not received in time";
            case 400 -> "malformed request";
            default -> "internal error";
        };
        if (status == 500) {
            LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), t);
        } else {
            LOG.debug("{} {} refused: {}", request.getMethod(), request.getHttpURI().getPath(), t.toString());
        }
        Response.writeError(request, response, callback, status, message);
    }

    /** 413 / 408 / 400 when the cause says so (body limit, read timeout or body deadline, bad framing), else 500. */
    static int status(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpException h && (h.getCode() == 413 || h.getCode() == 408 || h.getCode() == 400)) {
                return h.getCode();
            }
            if (c instanceof BoundedBody.TooLargeException) {
                return 413;
            }
            if (c instanceof BoundedBody.TimeoutException || c instanceof TimeoutException) {
                return 408;
            }
        }
        return 500;
    }

    private Route route(String path) {
        for (Route r : routes) {
            String p = r.prefix();
            if (p.equals("/") || path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/")) {
                return r;
            }
        }
        return null;
    }

    /** The little of {@link HttpContext} a JDK handler may ask about: its path and handler. */
    private static final class Context extends HttpContext {
        private final String path;
        private HttpHandler handler;
        private final Map<String, Object> attributes = new HashMap<>();

        Context(String path, HttpHandler handler) {
            this.path = path;
            this.handler = handler;
        }

        @Override
        public HttpHandler getHandler() {
            return handler;
        }

        @Override
        public void setHandler(HttpHandler h) {
            handler = h;
        }

        @Override
        public String getPath() {
            return path;
        }

        @Override
        public HttpServer getServer() {
            return null;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public List<Filter> getFilters() {
            return List.of();
        }

        @Override
        public Authenticator setAuthenticator(Authenticator auth) {
            return null;
        }

        @Override
        public Authenticator getAuthenticator() {
            return null;
        }
    }
}
