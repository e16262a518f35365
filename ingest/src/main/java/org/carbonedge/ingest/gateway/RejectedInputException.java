package org.carbonedge.ingest.gateway;

/**
 * Input the gateway (or a tool reading the gateway's JSON format) refuses, with the HTTP status that says why:
 * 400 malformed, 404 unknown model or request, 405 wrong method, 413 too large, 415 wrong content type, 422 not
 * what the model takes. The message is what the caller reads.
 */
public final class RejectedInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public RejectedInputException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
