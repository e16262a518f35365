package org.carbonedge.cli.supervise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.carbonedge.pipeline.Component;
import org.carbonedge.common.Health;

/**
 * Watches the components of a running command ({@code up}, or one standalone service) until it is told to stop or
 * one of them fails for good, so nothing runs on while quietly doing nothing. A component counts as failed once it
 * said FAILED on {@code confirmations} checks in a row (one slow answer is not a death); then {@link #watch()}
 * returns that failure and the command stops everything and exits non-zero. Every check is handed to the
 * listeners ({@link StatusFile} for {@code carbonedge status}, {@link ComponentMetrics} for Prometheus).
 */
public final class Supervisor {

    /** A component that failed for good, and why. */
    public record Failure(String component, String reason) {
        /** The one line a command prints before it exits. */
        public String line() {
            return "component " + component + " failed: " + reason;
        }
    }

    /** One round of health answers, in component order. */
    public record Snapshot(List<Map.Entry<String, Health>> components) {
        public boolean allUp() {
            return components.stream().allMatch(e -> e.getValue().state() == Health.State.UP);
        }
    }

    private final List<Component> components;
    private final Duration interval;
    private final int confirmations;
    private final List<Consumer<Snapshot>> listeners = new ArrayList<>();
    private final Map<String, Integer> failedChecks = new HashMap<>();
    private final Map<String, Health> previous = new HashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Snapshot last = new Snapshot(List.of());

    public Supervisor(List<Component> components, Duration interval, int confirmations) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("nothing to supervise");
        }
        if (interval.isNegative() || interval.isZero() || confirmations < 1) {
            throw new IllegalArgumentException("interval must be > 0 and confirmations >= 1");
        }
        this.components = List.copyOf(components);
        this.interval = interval;
        this.confirmations = confirmations;
    }

    /** Checks every second; a component must say FAILED three times in a row. */
    public static Supervisor of(List<Component> components) {
        return new Supervisor(components, Duration.ofSeconds(1), 3);
    }

    /** Hands every round of answers to {@code listener} (called on the watching thread). */
    public Supervisor onCheck(Consumer<Snapshot> listener) {
        listeners.add(listener);
        return this;
    }

    /** Asks every component once, notifying the listeners; the failure confirmed by this round, if any. */
    public Optional<Failure> checkOnce() {
        List<Map.Entry<String, Health>> answers = new ArrayList<>(components.size());
        Failure confirmed = null;
        for (Component c : components) {
            Health h = c.check();
            Health before = previous.get(c.name());
            if (before != null && before.state() == h.state()) {
                h = new Health(h.state(), h.detail(), before.since());   // "since" = when it entered this state
            }
            previous.put(c.name(), h);
            answers.add(Map.entry(c.name(), h));
            if (h.isFailed()) {
                int n = failedChecks.merge(c.name(), 1, Integer::sum);
                if (n >= confirmations && confirmed == null) {
                    confirmed = new Failure(c.name(), h.detail().isEmpty() ? "no reason given" : h.detail());
                }
            } else {
                failedChecks.remove(c.name());
            }
        }
        Snapshot snapshot = new Snapshot(List.copyOf(answers));
        last = snapshot;
        for (Consumer<Snapshot> l : listeners) {
            try {
                l.accept(snapshot);
            } catch (RuntimeException e) {
                // a status file that cannot be written must not stop the supervision itself
                System.err.println("carbonedge: status listener failed: " + Health.describe(e));
            }
        }
        return Optional.ofNullable(confirmed);
    }

    /**
     * Blocks until {@link #stop()} or a confirmed failure; returns the failure, or empty when told to stop.
     */
    public Optional<Failure> watch() throws InterruptedException {
        while (true) {
            Optional<Failure> failure = checkOnce();
            if (failure.isPresent()) {
                return failure;
            }
            if (stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        }
    }

    /** The answers of the latest round. */
    public Snapshot last() {
        return last;
    }

    /** Makes {@link #watch()} return (e.g. from a shutdown hook). */
    public void stop() {
        stop.countDown();
    }
}
