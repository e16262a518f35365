package org.carbonedge.feed.text;

/**
 * A timestamp without UTC offset where none was allowed. A distinct type so that a caller that knows the
 * column's time zone can convert the local time instead of refusing it.
 */
public final class MissingOffsetException extends InvalidValueException {
    private static final long serialVersionUID = 1L;

    public MissingOffsetException(String reason) {
        super(reason);
    }
}
