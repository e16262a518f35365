package org.carbonedge.ledger.http;

/** A request the ledger cannot serve, with the HTTP status and the message the caller gets as JSON. */
final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    HttpProblem(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
