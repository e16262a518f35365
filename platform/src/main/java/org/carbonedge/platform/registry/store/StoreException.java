package org.carbonedge.platform.registry.store;

/** The durable store could not be read or written; the registry answers 500 / error code 50001. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
