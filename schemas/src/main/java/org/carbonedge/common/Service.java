package org.carbonedge.common;

/**
 * The lifecycle every CarbonEdge service shares: build it with its settings, {@link #start()} it, and
 * {@link #close()} it to stop (draining what it holds). {@code carbonedge up} starts and stops services in order.
 */
public interface Service extends AutoCloseable {

    /** Short name for logs and status lines. */
    String name();

    /** Starts background work and returns once the service is ready. */
    void start() throws Exception;

    /** Stops the service; idempotent. */
    @Override
    void close();
}
