package org.carbonedge.pipeline;

import java.util.List;

/**
 * One executor of the embedded pipeline.
 *
 * @param deviceId device id
 * @param profile  built-in profile name or profile file
 * @param zone     grid zone
 */
public record DeviceSpec(String deviceId, String profile, String zone) {

    /** The paper's three nodes, each in a zone of the demo feed with a contrasting grid: DE, GB, FR. */
    public static final List<DeviceSpec> PAPER_NODES = List.of(
            new DeviceSpec("edge-high", "paper-high", "DE"),
            new DeviceSpec("edge-medium", "paper-medium", "GB"),
            new DeviceSpec("edge-green", "paper-green", "FR"));

    /** Parses {@code id:profile:zone}. */
    public static DeviceSpec parse(String text) {
        String[] p = text.split(":");
        if (p.length != 3 || p[0].isBlank() || p[1].isBlank() || p[2].isBlank()) {
            throw new IllegalArgumentException("device '" + text + "' must be id:profile:zone, e.g. edge-1:rpi4:DE");
        }
        return new DeviceSpec(p[0], p[1], p[2]);
    }
}
