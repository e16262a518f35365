package org.carbonedge.common.http;

/**
 * Decides from a request's {@code Authorization} header whether it may go on to the API. Runs before the body is
 * read, so an unauthenticated client cannot make the server read (or buffer) anything.
 */
@FunctionalInterface
public interface AccessCheck {

    /** Lets every request through: the default when no credentials are configured. */
    AccessCheck OPEN = authorization -> null;

    /**
     * @param authorization the {@code Authorization} header, or null when absent
     * @return null to let the request through, or why it is refused
     */
    Refusal check(String authorization);

    /**
     * A refused request: the status (401), a message that names no secret, and the {@code WWW-Authenticate}
     * challenge that tells a client which scheme to use.
     */
    record Refusal(int status, String message, String challenge) {
    }
}
