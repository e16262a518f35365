package org.carbonedge.feed.text;

/**
 * Signals that one field (a timestamp, a number) cannot be used; the message is the reason, without file or line,
 * which the caller adds. Cheap by design (no stack trace) because bad rows are counted, not exceptional.
 */
public class InvalidValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String reason) {
        super(reason, null, false, false);
    }
}
