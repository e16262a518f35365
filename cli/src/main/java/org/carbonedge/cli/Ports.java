package org.carbonedge.cli;

/** Argument checks shared by commands that take ports. */
public final class Ports {

    private Ports() {
    }

    public static void check(String option, int port) {
        if (port < 0 || port > 65_535) {
            throw new UsageException("invalid value for option '" + option + "': " + port + " is not a port (0-65535)");
        }
    }
}
