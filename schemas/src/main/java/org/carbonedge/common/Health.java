package org.carbonedge.common;

import java.time.Instant;
import java.util.Objects;

/**
 * What a running component says about itself, for its supervisor ({@code carbonedge up}, a standalone command) and
 * for {@code carbonedge status}. The point is that nothing runs on while quietly doing nothing: a component that
 * stopped working for good says {@link State#FAILED} with the reason, and its supervisor acts on it.
 *
 * @param state  where the component is
 * @param detail a short human-readable reason or state description (never null; empty when there is nothing to say)
 * @param since  when the component entered this state (UTC)
 */
public record Health(State state, String detail, Instant since) {

    /** The states a component goes through; only {@link #FAILED} makes a supervisor act. */
    public enum State {
        /** Starting or recovering (e.g. a Flink job restoring, a Streams app rebalancing): not failed yet. */
        STARTING,
        /** Doing its work. */
        UP,
        /** Stopped working for good; {@code detail} says why. */
        FAILED,
        /** Closed on purpose. */
        STOPPED
    }

    public Health {
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
        since = since == null ? Instant.now() : since;
    }

    public static Health up() {
        return new Health(State.UP, "", null);
    }

    public static Health up(String detail) {
        return new Health(State.UP, detail, null);
    }

    public static Health starting(String detail) {
        return new Health(State.STARTING, detail, null);
    }

    public static Health failed(String reason) {
        return new Health(State.FAILED, reason, null);
    }

    public static Health failed(Throwable cause) {
        return failed(describe(cause));
    }

    public static Health stopped() {
        return new Health(State.STOPPED, "", null);
    }

    public boolean isFailed() {
        return state == State.FAILED;
    }

    /** One line for a throwable: its class and message, the root cause's too when it differs. */
    public static String describe(Throwable t) {
        if (t == null) {
            return "unknown cause";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String line = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        if (root != t) {
            line += " (caused by " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        }
        return line.replace('\n', ' ').replace('\r', ' ');
    }
}
