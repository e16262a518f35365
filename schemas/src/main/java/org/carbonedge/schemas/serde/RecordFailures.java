package org.carbonedge.schemas.serde;

/**
 * Which failures while decoding or processing one record belong to that record (dead-letter it, go on) and which
 * belong to the process (let it die). Every {@link Exception} is the record's. So are {@link OutOfMemoryError} and
 * {@link StackOverflowError}: a hostile record's claimed lengths or nesting cause them, the allocation or the stack
 * is released when the decoder unwinds, and letting them escape kills a Kafka Streams thread or a consumer loop
 * silently (Streams' dead-letter handler only sees {@code Exception}s). {@link AssertionError} is a bug met by one
 * record's content. Anything else — {@link ThreadDeath}, {@link LinkageError} (a broken deployment fails every
 * record alike), {@link InternalError} and other {@link VirtualMachineError}s — is not a record's fault and is
 * rethrown.
 */
public final class RecordFailures {

    private RecordFailures() {
    }

    /** Whether {@code t}, thrown while handling one record, is that record's failure. */
    public static boolean isRecordFailure(Throwable t) {
        return !(t instanceof Error) || t instanceof OutOfMemoryError || t instanceof StackOverflowError
                || t instanceof AssertionError;
    }

    /** Rethrows {@code t} unless it is a record's failure; use first thing in a {@code catch (Throwable t)}. */
    public static void rethrowIfFatal(Throwable t) {
        if (!isRecordFailure(t)) {
            throw (Error) t; // every Exception is a record failure, so t is an Error
        }
    }

    /** A one-line reason naming {@code t}: its message, or its class when it has none. */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }
}
