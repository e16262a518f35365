package org.carbonedge.common.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpHandler;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * One HTTP listener (Jetty, core handlers) serving JDK {@link HttpHandler}s, closed by default: bound to loopback
 * unless told otherwise, bodies capped, slow or silent clients cut off, a real worker pool so a few slow clients
 * cannot lock the others out, and optional authentication checked before any body is read. The registry, the
 * gateway and the ledger each run one; the JDK's built-in server they used before had four threads and no read
 * timeout, so thirty connections that sent headers and one byte took a service offline.
 *
 * <pre>{@code
 * try (HttpListener http = HttpListener.start("gateway", HttpListenerSettings.loopback(0),
 *         ErrorFormat.statusAndError(), BearerToken.of(token, "carbonedge-gateway"), Map.of("/", handler))) {
 *     http.url(); // http://127.0.0.1:PORT
 * }
 * }</pre>
 *
 * <p>Paths reach the handlers raw (percent-encoded) and are not normalised or refused by Jetty: each API decodes and
 * validates its own path parameters (the registry refuses subjects with control characters or {@code ..}
 * segments itself, with Confluent's error).
 */
public final class HttpListener implements AutoCloseable {

    /** Jetty checks nothing in paths; every handler validates its own parameters. */
    private static final UriCompliance RAW_PATHS = UriCompliance.DEFAULT.with("carbonedge-raw-paths",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER, UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);

    private final Server server;
    private final ServerConnector connector;
    private final String host;

    private HttpListener(Server server, ServerConnector connector, String host) {
        this.server = server;
        this.connector = connector;
        this.host = host;
    }

    /**
     * Binds and starts serving.
     *
     * @param name     thread name prefix, e.g. {@code schema-registry}
     * @param settings bind address, port and limits
     * @param errors   how the listener's own refusals (413, 408, 401, 400) are worded
     * @param access   who may call ({@link AccessCheck#OPEN} for everyone)
     * @param handlers path prefix to handler, e.g. {@code "/"} and {@code "/metrics"}; the longest prefix wins
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static HttpListener start(String name, HttpListenerSettings settings, ErrorFormat errors, AccessCheck access,
                                     Map<String, HttpHandler> handlers) {
        // + 2: Jetty's acceptor and selector each keep a thread of the pool; maxThreads is what requests get
        QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads() + 2, Math.min(4, settings.maxThreads() + 2));
        threads.setName(name + "-http");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        // daemon threads throughout, as the JDK server had: a listener someone forgot to close must not keep a JVM alive
        Server server = new Server(threads, new ScheduledExecutorScheduler(name + "-http-scheduler", true), null);

        HttpConfiguration config = new HttpConfiguration();
        config.setIdleTimeout(settings.readTimeout().toMillis());
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setRequestHeaderSize(8 * 1024);
        // Jetty's header cache matches values case-insensitively by default: after "Bearer abcD" it handed a later
        // "Bearer abcd" the cached value. Credentials are case-sensitive.
        config.setHeaderCacheCaseSensitive(true);
        config.setUriCompliance(RAW_PATHS);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(settings.maxConnections(), connector));

        JdkRoutes routes = new JdkRoutes(new LinkedHashMap<>(handlers), settings.maxBodyBytes(), settings.bodyTimeout());
        server.setHandler(new AccessGate(access, errors, routes));
        server.setErrorHandler(new ErrorPages(errors));
        server.setStopTimeout(0); // close() ends open connections at once, as the JDK server's stop(0) did
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            String where = settings.host() + ":" + settings.port();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on " + where + ": " + io.getMessage(), io);
            }
            throw new IllegalStateException("cannot start the HTTP listener on " + where + ": " + e.getMessage(), e);
        }
        return new HttpListener(server, connector, settings.host());
    }

    /** The port actually bound (useful when started with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The address the listener was asked to bind, e.g. {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    /** The socket address actually bound, as the operating system reports it. */
    public InetSocketAddress boundAddress() {
        Object transport = connector.getTransport();
        if (transport instanceof java.nio.channels.ServerSocketChannel channel) {
            try {
                return (InetSocketAddress) channel.getLocalAddress();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new InetSocketAddress(host, port());
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8081} (IPv6 literals in brackets). */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    /** Stops accepting, ends open connections and the worker threads. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the threads are daemons and the socket is closed by now
        }
    }
}
