package org.carbonedge.bench;

/**
 * A benchmark trial that cannot run here: a parameter combination that is no configuration, or inputs that are
 * missing (the shared data). JMH has no way to skip a trial; thrown from a {@code @Setup} method, this fails it at
 * once, before anything is measured, and JMH prints the one line {@code org.carbonedge.bench.Skip: <reason>} (no
 * stack trace: there is nothing to debug) and goes on with the next trial.
 */
public final class Skip extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public Skip(String reason) {
        super(reason, null, false, false);
    }
}
