package org.carbonedge.cli;

/** A bad argument found only while running (a file that does not exist, a value out of range): exit code 2. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
