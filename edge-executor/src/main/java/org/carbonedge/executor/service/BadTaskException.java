package org.carbonedge.executor.service;

/**
 * A task the executor refuses for what it asks (unknown model or part, wrong dtype or shape, corrupt or oversized
 * tensor, a stage meant for another device). It becomes a PartitionResult with status ERROR and a dead-letter
 * record; it never stops the executor.
 */
public final class BadTaskException extends RuntimeException {

    public BadTaskException(String message) {
        super(message);
    }

    public BadTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
