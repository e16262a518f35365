package org.carbonedge.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process, read from Linux's {@code /proc/<pid>/status} (VmRSS). */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Resident bytes of {@code pid}, 0 when it is not running or /proc cannot be read. */
    static long residentBytes(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
