package org.carbonedge.common.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Where an HTTP listener binds and the limits that keep one slow or greedy client from taking it offline. The
 * defaults are closed: loopback only, 1 MiB bodies, a few seconds to send headers or the next body bytes.
 *
 * @param host           address to bind; {@link #LOOPBACK} unless the caller asks for another one (e.g.
 *                       {@code --bind 0.0.0.0} in a container)
 * @param port           port, 0 for any free one
 * @param maxBodyBytes   largest request body; a bigger one is refused with 413 before the handler runs (by its
 *                       Content-Length: up to 1 MiB it is read and dropped first, so the answer is not lost to a
 *                       reset, beyond that the connection closes) or as soon as it grows past the limit (chunked)
 * @param readTimeout    longest wait for the next bytes of a request (headers or body) once it started; a client
 *                       that stops sending is cut off after it
 * @param bodyTimeout    longest time to receive a whole body, so a client dripping one byte now and then cannot
 *                       hold a worker thread for long
 * @param idleTimeout    how long a connection may sit idle (no request, or no bytes at all) before it is closed
 * @param maxThreads     worker threads handling requests at once; requests beyond wait in a queue, connections
 *                       that are still sending their headers hold no thread at all
 * @param maxConnections open connections at most; further clients wait in the accept backlog
 */
public record HttpListenerSettings(String host, int port, long maxBodyBytes, Duration readTimeout,
                                   Duration bodyTimeout, Duration idleTimeout, int maxThreads, int maxConnections) {

    /** The address every listener binds unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    public HttpListenerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("bind address must not be blank (use " + LOOPBACK + " or 0.0.0.0)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535 (0 = any free port), was " + port);
        }
        if (maxBodyBytes < 1 || maxThreads < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("body limit, threads and connections must be positive");
        }
        positive(readTimeout, "readTimeout");
        positive(bodyTimeout, "bodyTimeout");
        positive(idleTimeout, "idleTimeout");
    }

    /** Loopback, the given port, 1 MiB bodies, 5 s read, 30 s body, 10 s idle, 64 threads, 512 connections. */
    public static HttpListenerSettings loopback(int port) {
        return new HttpListenerSettings(LOOPBACK, port, 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 64, 512);
    }

    public HttpListenerSettings withHost(String value) {
        return new HttpListenerSettings(value, port, maxBodyBytes, readTimeout, bodyTimeout, idleTimeout, maxThreads,
                maxConnections);
    }

    public HttpListenerSettings withMaxBodyBytes(long value) {
        return new HttpListenerSettings(host, port, value, readTimeout, bodyTimeout, idleTimeout, maxThreads,
                maxConnections);
    }

    public HttpListenerSettings withTimeouts(Duration read, Duration body, Duration idle) {
        return new HttpListenerSettings(host, port, maxBodyBytes, read, body, idle, maxThreads, maxConnections);
    }

    public HttpListenerSettings withMaxThreads(int value) {
        return new HttpListenerSettings(host, port, maxBodyBytes, readTimeout, bodyTimeout, idleTimeout, value,
                maxConnections);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
