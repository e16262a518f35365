package org.carbonedge.common;

/**
 * The lifecycle every CarbonEdge service shares: build it with its settings, {@link #start()} it, and
 * {@link #close()} it to stop (draining what it holds), and ask it its {@link #health()} in between. {@code carbonedge up}
 * starts and stops services in order and stops with a non-zero exit when one of them fails for good.
 */
public interface Service extends AutoCloseable {

    /** Short name for logs and status lines. */
    String name();

    /** Starts background work and returns once the service is ready. */
    void start() throws Exception;

    /**
     * How the service is doing now: cheap and non-blocking, called about once a second by its supervisor. A
     * service whose background work died must say {@link Health.State#FAILED} here, never stay "up" silently.
     */
    Health health();

    /** Stops the service; idempotent. */
    @Override
    void close();
}
