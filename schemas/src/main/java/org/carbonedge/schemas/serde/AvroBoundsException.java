package org.carbonedge.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record refused by {@link AvroBounds} before decoding: it claims more than it holds or than the limits allow.
 * The message says what and where (byte offset in the Avro body), for the dead letter's reason.
 */
public final class AvroBoundsException extends SerializationException {

    private static final long serialVersionUID = 1L;

    public AvroBoundsException(String message) {
        super(message);
    }
}
