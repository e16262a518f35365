package org.carbonedge.feed.live;

import org.carbonedge.feed.FeedException;

/**
 * A live API call that failed for good, with the HTTP status (0 when the server was never reached). Fatal
 * statuses (401, 403) tell a polling loop to stop rather than retry forever.
 */
public final class LiveSourceException extends FeedException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public LiveSourceException(int status, String message) {
        super(message);
        this.status = status;
    }

    public LiveSourceException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** True for authentication and authorisation failures, which retrying cannot fix. */
    public boolean isAuthFailure() {
        return status == 401 || status == 403;
    }
}
