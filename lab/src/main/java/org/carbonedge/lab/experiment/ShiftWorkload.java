package org.carbonedge.lab.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The shift experiment's arrivals, in grid time: for each deadline window (e.g. 1, 6 and 24 grid hours) requests
 * arrive at a steady rate throughout {@code [from, to)}, every window's arrivals offset from the others' so they do
 * not all land on the same instant. Each arrival's deadline is its arrival plus its window. Plain Java.
 *
 * @param from          first arrival no earlier than this (grid time)
 * @param to            arrivals end before this (grid time); deadlines may run past it
 * @param windowHours   the deadline windows, grid hours, each at least 1
 * @param perHour       arrivals per grid hour for each window (above 0)
 */
public record ShiftWorkload(Instant from, Instant to, List<Integer> windowHours, double perHour) {

    /**
     * One deferrable request of the workload.
     *
     * @param index      position in arrival order (0-based), the same for every policy
     * @param arrivalAt  when it arrives, grid time
     * @param window     how long it may wait, grid time
     * @param deadlineAt hard completion deadline, grid time: {@code arrivalAt + window}
     */
    public record Arrival(int index, Instant arrivalAt, Duration window, Instant deadlineAt) {
        public int windowHours() {
            return (int) window.toHours();
        }
    }

    public ShiftWorkload {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        windowHours = List.copyOf(windowHours);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("arrivals start " + from + " must be before their end " + to);
        }
        if (windowHours.isEmpty() || windowHours.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("windows must be at least one grid hour each, were " + windowHours);
        }
        if (!(perHour > 0 && Double.isFinite(perHour))) {
            throw new IllegalArgumentException("arrivals per hour must be above 0, was " + perHour);
        }
    }

    /** The longest window: how far past {@code to} the last deadline can be. */
    public Duration longestWindow() {
        return Duration.ofHours(windowHours.stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    /** Every arrival, in arrival order (ties: in the order of {@link #windowHours}). */
    public List<Arrival> arrivals() {
        long spacing = Math.round(3_600_000 / perHour);
        List<Arrival> unordered = new ArrayList<>();
        for (int j = 0; j < windowHours.size(); j++) {
            Duration window = Duration.ofHours(windowHours.get(j));
            for (Instant t = from.plusMillis(spacing * j / windowHours.size()); t.isBefore(to); t = t.plusMillis(spacing)) {
                unordered.add(new Arrival(j, t, window, t.plus(window)));
            }
        }
        // stable: equal instants keep the windows' order, held in index until renumbered
        unordered.sort(Comparator.comparing(Arrival::arrivalAt).thenComparingInt(Arrival::index));
        List<Arrival> out = new ArrayList<>(unordered.size());
        for (Arrival a : unordered) {
            out.add(new Arrival(out.size(), a.arrivalAt(), a.window(), a.deadlineAt()));
        }
        return out;
    }
}
