package org.carbonedge.executor.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the CPU package energy counter of Linux powercap (Intel RAPL, also exposed for AMD) where it is readable,
 * so an executor running on real hardware as the {@code host} device can report measured energy instead of the
 * profile's linear model. Where the counter is missing or unreadable (VMs, containers) it says so and callers fall
 * back to {@link org.carbonedge.core.energy.EnergyModel}.
 */
public final class RaplMeter {

    /** Default powercap zone of CPU package 0. */
    public static final Path DEFAULT_ZONE = Path.of("/sys/class/powercap/intel-rapl:0");

    private final Path energyFile;
    private final long maxEnergyMicrojoules;

    private RaplMeter(Path energyFile, long maxEnergyMicrojoules) {
        this.energyFile = energyFile;
        this.maxEnergyMicrojoules = maxEnergyMicrojoules;
    }

    /** A meter over {@code zone}, or empty when the counter cannot be read. */
    public static Optional<RaplMeter> open(Path zone) {
        Path energy = zone.resolve("energy_uj");
        Path range = zone.resolve("max_energy_range_uj");
        try {
            long max = Files.isReadable(range) ? Long.parseLong(Files.readString(range).strip()) : Long.MAX_VALUE;
            RaplMeter meter = new RaplMeter(energy, max);
            meter.readMicrojoules();
            return Optional.of(meter);
        } catch (IOException | NumberFormatException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The counter now, microjoules. */
    public long readMicrojoules() throws IOException {
        return Long.parseLong(Files.readString(energyFile).strip());
    }

    /** Joules between two readings, handling one wrap-around of the counter. */
    public double joulesBetween(long beforeMicrojoules, long afterMicrojoules) {
        long delta = afterMicrojoules - beforeMicrojoules;
        if (delta < 0) {
            delta += maxEnergyMicrojoules;
        }
        return delta / 1e6;
    }
}
