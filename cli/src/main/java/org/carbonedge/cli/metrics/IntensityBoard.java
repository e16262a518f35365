package org.carbonedge.cli.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.carbonedge.avro.GridIntensity;

/**
 * What a feed has published per zone, to answer "which intensity is valid now": the record whose validity interval
 * holds {@code now} (the last published one when several do, e.g. a re-issued forecast), else the latest by
 * validity (a historical replay shows where it has got to). Keeps at most {@code perZone} records per zone.
 */
final class IntensityBoard {

    private final int perZone;
    private final Map<String, NavigableMap<Instant, GridIntensity>> byZone = new LinkedHashMap<>();

    IntensityBoard(int perZone) {
        if (perZone < 1) {
            throw new IllegalArgumentException("perZone must be >= 1");
        }
        this.perZone = perZone;
    }

    synchronized void add(GridIntensity record) {
        NavigableMap<Instant, GridIntensity> zone = byZone.computeIfAbsent(record.getZone(), z -> new TreeMap<>());
        zone.put(record.getValidFrom(), record);
        while (zone.size() > perZone) {
            zone.pollFirstEntry();
        }
    }

    /** gCO2/kWh per zone valid at {@code now} (else the latest), in the order zones first appeared. */
    synchronized Map<String, Double> current(Instant now) {
        Map<String, Double> out = new LinkedHashMap<>();
        byZone.forEach((zone, records) -> {
            Map.Entry<Instant, GridIntensity> started = records.floorEntry(now);
            GridIntensity valid = started != null && started.getValue().getValidTo().isAfter(now) ? started.getValue()
                    : records.lastEntry().getValue();
            out.put(zone, valid.getGco2PerKwh());
        });
        return out;
    }
}
