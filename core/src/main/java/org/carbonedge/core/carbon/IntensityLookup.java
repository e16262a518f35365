package org.carbonedge.core.carbon;

import java.time.Instant;
import java.util.Optional;

import org.carbonedge.avro.SignalType;

/**
 * Where accounting and planning get the carbon intensity of a zone at an instant. Keeps the formulas independent
 * of how intensities are stored (broadcast state in a Flink job, a map in a test).
 */
@FunctionalInterface
public interface IntensityLookup {

    /** The intensity of {@code zone} for {@code signal} valid at {@code time}, if known. */
    Optional<Intensity> at(String zone, SignalType signal, Instant time);

    /** A lookup that knows nothing (every zone falls back to the configured default). */
    static IntensityLookup empty() {
        return (zone, signal, time) -> Optional.empty();
    }
}
