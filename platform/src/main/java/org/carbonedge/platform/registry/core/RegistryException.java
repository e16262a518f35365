package org.carbonedge.platform.registry.core;

/**
 * A request the registry refuses, carrying what Confluent's REST API answers: an HTTP status and an
 * {@code error_code} (e.g. 404 / 40401 for an unknown subject). The HTTP layer turns it into
 * {@code {"error_code":N,"message":"..."}}.
 */
public final class RegistryException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    public RegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    public RegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }
}
