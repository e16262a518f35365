package org.carbonedge.executor.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The built-in device profiles, with their sources, and custom profiles from a file.
 *
 * <p>The paper's nodes (CarbonEdge, arXiv 2603.27420: Docker containers with 1.0 / 0.6 / 0.4 CPU and 1 GB / 512 MB
 * / 512 MB) do not state wattages. We give them a per-core share of an Intel NUC 12 Pro (40 W sustained power limit
 * PL1 over 12 cores ≈ 3.3 W per busy core; about 0.5 W per core of idle power), scaled by the quota, so the same
 * work costs the same dynamic energy on each and carbon differences come from the grid and idle/RAM power.
 *
 * <p>Cross-architecture speed (how fast one ARM core runs inference compared with one core of this host) is an
 * assumption stated per profile; pass your own profile file for measured figures.
 */
public final class DeviceProfiles {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;
    /** Service life used for embodied carbon where a vendor gives none: 3 years of continuous use. */
    private static final double THREE_YEARS_HOURS = 3 * 365 * 24;

    private static final Map<String, DeviceProfile> BUILT_IN = new LinkedHashMap<>();

    static {
        String paper = "CPU/memory: CarbonEdge paper nodes (arXiv 2603.27420); power: quota share of Intel NUC 12 Pro"
                + " PL1 40 W over 12 cores (3.33 W/core busy, 0.5 W/core idle)";
        add(new DeviceProfile("paper-high", 1.0, GIB, 0.5, 3.83, 0, 0, paper));
        add(new DeviceProfile("paper-medium", 0.6, 512 * MIB, 0.30, 2.30, 0, 0, paper));
        add(new DeviceProfile("paper-green", 0.4, 512 * MIB, 0.20, 1.53, 0, 0, paper));
        add(new DeviceProfile("rpi4", 0.25, 4 * GIB, 2.7, 6.3, 0, 0,
                "power: Raspberry Pi 4 about 2.7 W idle, 6.3 W under load; speed: assumption, one Cortex-A72 core"
                        + " at 1.5 GHz ~ 1/4 of a current x86 core for single-threaded inference"));
        add(new DeviceProfile("jetson-nano-5w", 0.2, 4 * GIB, 1.25, 5.0, 0, 0,
                "power: Jetson Nano 5 W mode; idle assumed 25% of the mode budget; speed: assumption (CPU only)"));
        add(new DeviceProfile("jetson-nano-10w", 0.3, 4 * GIB, 1.25, 10.0, 0, 0,
                "power: Jetson Nano 10 W mode; idle assumed as in 5 W mode; speed: assumption (CPU only)"));
        add(new DeviceProfile("jetson-orin-nano", 0.6, 8 * GIB, 3.75, 15.0, 0, 0,
                "power: Jetson Orin Nano 15 W mode (25 W mode exists); idle assumed 25%; speed: assumption (CPU only)"));
        add(new DeviceProfile("intel-nuc-12-pro", 1.0, 16 * GIB, 6.0, 40.0, 0, 0,
                "power: Intel NUC 12 Pro power limits 40 W (PL1) / 64 W (PL2), whole device attributed while busy;"
                        + " idle 6 W is an assumption"));
    }

    private DeviceProfiles() {
    }

    private static void add(DeviceProfile p) {
        BUILT_IN.put(p.name(), p);
    }

    /** All built-in profiles by name, in a stable order. */
    public static Map<String, DeviceProfile> builtIn() {
        return Map.copyOf(new TreeMap<>(BUILT_IN));
    }

    /** A built-in profile, or a clear error naming the ones that exist. */
    public static DeviceProfile named(String name) {
        DeviceProfile p = BUILT_IN.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown device profile '" + name + "'; built-in: "
                    + String.join(", ", BUILT_IN.keySet()) + " (or give a profile file)");
        }
        return p;
    }

    /**
     * Reads a custom profile from a properties file: {@code name, cpuQuota, memoryBytes, idleWatts, maxWatts},
     * optional {@code embodiedKgco2e, lifetimeHours, source}.
     */
    public static DeviceProfile fromFile(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read profile file " + file + ": " + e.getMessage(), e);
        }
        try {
            double embodied = Double.parseDouble(p.getProperty("embodiedKgco2e", "0"));
            return new DeviceProfile(
                    required(p, "name", file),
                    Double.parseDouble(required(p, "cpuQuota", file)),
                    Long.parseLong(required(p, "memoryBytes", file)),
                    Double.parseDouble(required(p, "idleWatts", file)),
                    Double.parseDouble(required(p, "maxWatts", file)),
                    embodied,
                    Double.parseDouble(p.getProperty("lifetimeHours", embodied > 0 ? String.valueOf(THREE_YEARS_HOURS) : "0")),
                    p.getProperty("source", "profile file " + file.getFileName()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("profile file " + file + ": not a number: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("profile file " + file + ": missing '" + key + "'");
        }
        return v.strip();
    }
}
