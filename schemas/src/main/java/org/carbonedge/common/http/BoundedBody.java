package org.carbonedge.common.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that must arrive by a deadline. Jetty's read timeout already cuts off a client that stops sending;
 * this bounds one that keeps sending a byte just before each timeout, which would otherwise hold a worker thread for
 * as long as it likes.
 */
final class DeadlineInputStream extends FilterInputStream {

    /** The body did not arrive in time; the listener answers 408. */
    static final class BodyTimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTimeoutException(String message) {
            super(message);
        }
    }

    private final long deadlineNanos;

    DeadlineInputStream(InputStream in, long deadlineNanos) {
        super(in);
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public int read() throws IOException {
        check();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        return super.read(b, off, len);
    }

    private void check() throws BodyTimeoutException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new BodyTimeoutException("request body not received in time");
        }
    }
}
