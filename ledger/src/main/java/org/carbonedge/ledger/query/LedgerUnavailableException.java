package org.carbonedge.ledger.query;

/**
 * The ledger cannot answer right now (its Streams app is starting or rebalancing, or the instance owning a key
 * did not answer): a retryable condition, answered over HTTP as 503.
 */
public final class LedgerUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LedgerUnavailableException(String message) {
        super(message);
    }

    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
