package org.carbonedge.lab.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.carbonedge.avro.GridIntensity;

/**
 * How the trace experiment compresses a historical window onto the wall clock: grid time {@code gridFrom + h hours}
 * is wall time {@code wallStart + h × wallPerGridHour}. The router plans with the intensity valid "now" and the
 * emissions job accounts a stage with the intensity valid when it ran, both on the wall clock; replaying the
 * window's records with their validity intervals compressed this way makes a grid hour last, e.g., two wall seconds
 * for both of them. (The replay engine's {@code --rebase} shifts event times but keeps hour-long intervals, so it
 * alone cannot compress a day into minutes.)
 *
 * @param gridFrom        start of the historical window (inclusive)
 * @param gridTo          end of the window (exclusive)
 * @param wallStart       wall time at which {@code gridFrom} is replayed
 * @param wallPerGridHour wall time one grid hour takes
 */
record TraceTimeline(Instant gridFrom, Instant gridTo, Instant wallStart, Duration wallPerGridHour) {

    private static final double GRID_HOUR_MILLIS = 3_600_000.0;

    TraceTimeline {
        Objects.requireNonNull(gridFrom, "gridFrom");
        Objects.requireNonNull(gridTo, "gridTo");
        Objects.requireNonNull(wallStart, "wallStart");
        if (!gridFrom.isBefore(gridTo)) {
            throw new IllegalArgumentException("window start " + gridFrom + " must be before its end " + gridTo);
        }
        if (wallPerGridHour.isNegative() || wallPerGridHour.isZero()) {
            throw new IllegalArgumentException("wall time per grid hour must be positive, was " + wallPerGridHour);
        }
    }

    /** Whole grid hours in the window (a partial last hour counts). */
    int hours() {
        return (int) Math.ceil(Duration.between(gridFrom, gridTo).toMillis() / GRID_HOUR_MILLIS);
    }

    /** Wall time at which grid time {@code grid} is replayed. */
    Instant toWall(Instant grid) {
        double gridMillis = grid.toEpochMilli() - gridFrom.toEpochMilli();
        return wallStart.plusMillis(Math.round(gridMillis / GRID_HOUR_MILLIS * wallPerGridHour.toMillis()));
    }

    /** Grid time replayed at wall time {@code wall}. */
    Instant toGrid(Instant wall) {
        double wallMillis = wall.toEpochMilli() - wallStart.toEpochMilli();
        return gridFrom.plusMillis(Math.round(wallMillis / wallPerGridHour.toMillis() * GRID_HOUR_MILLIS));
    }

    /** Start of grid hour {@code h} of the window (0-based). */
    Instant gridHour(int h) {
        return gridFrom.plus(Duration.ofHours(h));
    }

    /** Wall time at which grid hour {@code h} starts. */
    Instant wallHour(int h) {
        return toWall(gridHour(h));
    }

    /** Wall time at which the window ends. */
    Instant wallEnd() {
        return toWall(gridTo);
    }

    /** The grid hour (0-based) replayed at wall time {@code wall}, or -1 outside the window. */
    int hourAt(Instant wall) {
        if (wall.isBefore(wallStart) || !wall.isBefore(wallEnd())) {
            return -1;
        }
        return (int) Math.min(hours() - 1, (wall.toEpochMilli() - wallStart.toEpochMilli()) / wallPerGridHour.toMillis());
    }

    /** {@code record} with its validity interval moved onto the wall clock; everything else kept. */
    GridIntensity compress(GridIntensity record) {
        return GridIntensity.newBuilder(record)
                .setValidFrom(toWall(record.getValidFrom()))
                .setValidTo(toWall(record.getValidTo()))
                .setPublishedAt(record.getPublishedAt() == null ? null : toWall(record.getPublishedAt()))
                .build();
    }
}
