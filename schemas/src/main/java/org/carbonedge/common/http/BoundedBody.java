package org.carbonedge.common.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body with a size limit and a deadline. The size limit catches chunked bodies, which announce no
 * length up front. Jetty's read timeout already cuts off a client that stops sending; the deadline bounds one that
 * keeps sending a byte just before each timeout, which would otherwise hold a worker thread as long as it likes.
 */
final class BoundedBody extends FilterInputStream {

    /** The body grew past the limit; the listener answers 413. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("request body over the limit of " + limit + " bytes");
        }
    }

    /** The body did not arrive in time; the listener answers 408. */
    static final class TimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        TimeoutException() {
            super("request body not received in time");
        }
    }

    private final long limit;
    private final long deadlineNanos;
    private long count;

    BoundedBody(InputStream in, long limit, long deadlineNanos) {
        super(in);
        this.limit = limit;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public int read() throws IOException {
        checkDeadline();
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkDeadline();
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        checkDeadline();
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws TooLargeException {
        count += n;
        if (count > limit) {
            throw new TooLargeException(limit);
        }
    }

    private void checkDeadline() throws TimeoutException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new TimeoutException();
        }
    }
}
