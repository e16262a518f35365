package org.carbonedge.lab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real grid data in ../shared/data (never copied into the repo), or under {@code -Dcarbonedge.shared.data=DIR};
 * tests skip when it is absent.
 */
public final class SharedGrid {
    private SharedGrid() {
    }

    public static Path electricityMaps() {
        String property = System.getProperty("carbonedge.shared.data");
        String[] candidates = property != null ? new String[] {property + "/grid/electricitymaps"}
                : new String[] {"../shared/data/grid/electricitymaps", "../../shared/data/grid/electricitymaps"};
        for (String candidate : candidates) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        assumeTrue(false, "shared/data/grid/electricitymaps not found (set -Dcarbonedge.shared.data=DIR)");
        return null;
    }

    /** NESO's GB 2023 half-hours, actual and forecast (skips the test when absent). */
    public static Path neso() {
        Path file = electricityMaps().resolveSibling("neso").resolve("GB_national_2023_halfhourly.csv");
        assumeTrue(Files.isRegularFile(file), file + " not found");
        return file;
    }

    public static Path zone(String zone) {
        return electricityMaps().resolve(zone + "_2023_hourly.csv");
    }
}
