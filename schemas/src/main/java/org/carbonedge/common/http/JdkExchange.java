package org.carbonedge.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * A Jetty request and response seen through the JDK's {@link HttpExchange}, so the registry's, gateway's and
 * ledger's handlers (and Prometheus' metrics handler) keep their routing and logic while Jetty does the I/O, the
 * timeouts and the threading. Blocking, like the JDK server: the handler runs on a Jetty worker thread.
 *
 * <p>{@link #sendResponseHeaders} follows the JDK's contract: a positive length is sent as Content-Length, 0 means
 * "any length" (chunked), -1 means no body. Nothing is committed until the handler sends headers, so when a handler
 * fails before that (body over the limit, read timeout) the listener can still answer with a proper error.
 */
final class JdkExchange extends HttpExchange {

    private final Request request;
    private final Response response;
    private final HttpContext context;
    private final URI uri;
    private final long maxBodyBytes;
    private final long bodyDeadlineNanos;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream in;
    private OutputStream out;
    private int status = -1;

    JdkExchange(Request request, Response response, HttpContext context, URI uri, long maxBodyBytes,
                long bodyDeadlineNanos) {
        this.request = request;
        this.response = response;
        this.context = context;
        this.uri = uri;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyDeadlineNanos = bodyDeadlineNanos;
        for (HttpField field : request.getHeaders()) {
            requestHeaders.add(field.getName(), field.getValue());
        }
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return request.getMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    @Override
    public InputStream getRequestBody() {
        if (in == null) {
            in = new BoundedBody(Content.Source.asInputStream(request), maxBodyBytes, bodyDeadlineNanos);
        }
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        if (out == null) {
            out = new ResponseBody();
        }
        return out;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        if (status != -1) {
            throw new IOException("response headers already sent");
        }
        status = rCode;
        response.setStatus(rCode);
        responseHeaders.forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
        if (responseLength > 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.toString(responseLength));
        } else if (responseLength < 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, "0");
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return inet(request.getConnectionMetaData().getRemoteSocketAddress());
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return inet(request.getConnectionMetaData().getLocalSocketAddress());
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public String getProtocol() {
        return request.getConnectionMetaData().getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /** Whether the handler sent its headers (after that only the connection can be cut on a failure). */
    boolean headersSent() {
        return status != -1;
    }

    /**
     * Ends the response: the JDK contract lets a handler return without closing the body stream, Jetty needs the
     * last write. A handler that sent no headers at all gets nothing committed here; the caller answers for it.
     */
    @Override
    public void close() {
        if (status == -1) {
            return;
        }
        try {
            getResponseBody().close();
        } catch (IOException e) {
            // the client went away; Jetty has already failed the response
        }
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress a ? a : null;
    }

    /** Writes through to Jetty once headers are sent; closing it (once) completes the response. */
    private final class ResponseBody extends OutputStream {
        private OutputStream sink;
        private boolean closed;

        private OutputStream sink() throws IOException {
            if (status == -1) {
                throw new IOException("sendResponseHeaders must be called before writing the body");
            }
            if (sink == null) {
                sink = Content.Sink.asOutputStream(response);
            }
            return sink;
        }

        @Override
        public void write(int b) throws IOException {
            sink().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sink().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (status != -1) {
                sink().flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (closed || status == -1) {
                return;
            }
            closed = true;
            sink().close();
        }
    }
}
