package org.carbonedge.lab.experiment;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * When each device was up, as its device-state updates said: a device counts as up at an instant when its latest
 * update at or before it said UP. Feeds the hindsight oracle's feasibility. Not thread-safe.
 */
final class DeviceStatusHistory implements HindsightOracle.Availability {

    private final Map<String, NavigableMap<Instant, Boolean>> byDevice = new HashMap<>();

    /** Records that {@code deviceId} was (or was not) up from {@code at} on. */
    void add(String deviceId, Instant at, boolean up) {
        byDevice.computeIfAbsent(deviceId, d -> new TreeMap<>()).put(at, up);
    }

    @Override
    public boolean up(String deviceId, Instant at) {
        NavigableMap<Instant, Boolean> history = byDevice.get(deviceId);
        if (history == null) {
            return false;
        }
        Map.Entry<Instant, Boolean> latest = history.floorEntry(at);
        return latest != null && latest.getValue();
    }
}
