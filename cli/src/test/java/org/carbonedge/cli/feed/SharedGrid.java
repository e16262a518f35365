package org.carbonedge.cli.feed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real grid data in ../shared/data (never copied into the repo); tests skip when it is absent. */
final class SharedGrid {
    private SharedGrid() {
    }

    static Path electricityMaps() {
        for (String candidate : new String[] {"../shared/data/grid/electricitymaps", "../../shared/data/grid/electricitymaps"}) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        assumeTrue(false, "../shared/data/grid/electricitymaps not found");
        return null;
    }

    static Path zone(String zone) {
        return electricityMaps().resolve(zone + "_2023_hourly.csv");
    }
}
