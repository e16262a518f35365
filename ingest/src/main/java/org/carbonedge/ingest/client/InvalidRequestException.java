package org.carbonedge.ingest.client;

import org.carbonedge.schemas.validation.RequestValidator;

/**
 * A request that will never run: refused by the local check against the model's manifest before it was published
 * ({@link #local()} true, with the broken rule's {@link #kind()}), or dead-lettered by the router with its reason.
 */
public final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String requestId;
    private final String reason;
    private final transient RequestValidator.Kind kind;
    private final boolean local;

    public InvalidRequestException(String requestId, String reason, RequestValidator.Kind kind, boolean local) {
        super((local ? "request " + requestId + " is invalid: " : "request " + requestId + " was dead-lettered by the router: ")
                + reason);
        this.requestId = requestId;
        this.reason = reason;
        this.kind = kind;
        this.local = local;
    }

    public String requestId() {
        return requestId;
    }

    /** The reason alone, as the validator or the dead-letter record states it. */
    public String reason() {
        return reason;
    }

    /** The rule broken, when the local check found it (null for a dead letter). */
    public RequestValidator.Kind kind() {
        return kind;
    }

    /** True when nothing was published: the client refused the request itself. */
    public boolean local() {
        return local;
    }
}
