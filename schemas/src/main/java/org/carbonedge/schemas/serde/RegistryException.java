package org.carbonedge.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema-registry answer that stops (de)serialisation, with the registry's error code (40401, 40403, 409, ...)
 * or -1 when the registry could not be reached. It is a Kafka {@link SerializationException} so clients, Kafka
 * Streams handlers and the dead-letter path treat it like any unreadable record.
 */
public final class RegistryException extends SerializationException {

    private final int errorCode;

    public RegistryException(String message, int errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** Confluent error code, or -1 when the registry was unreachable. */
    public int errorCode() {
        return errorCode;
    }
}
