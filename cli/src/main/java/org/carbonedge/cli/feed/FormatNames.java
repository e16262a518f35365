package org.carbonedge.cli.feed;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.carbonedge.cli.UsageException;
import org.carbonedge.feed.read.IntensityFormat;

/**
 * The names {@code --format} accepts: the short ones users type ({@code electricitymaps}, {@code watttime},
 * {@code carbon-aware}, {@code csv}) and the library's full names ({@code electricitymaps-csv}, ...).
 */
final class FormatNames {
    private static final Map<String, IntensityFormat> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("electricitymaps", IntensityFormat.ELECTRICITY_MAPS_CSV);
        BY_NAME.put("electricitymaps-json", IntensityFormat.ELECTRICITY_MAPS_JSON);
        BY_NAME.put("neso-csv", IntensityFormat.NESO_CSV);
        BY_NAME.put("neso-json", IntensityFormat.NESO_JSON);
        BY_NAME.put("watttime", IntensityFormat.WATTTIME_JSON);
        BY_NAME.put("carbon-aware", IntensityFormat.CARBON_AWARE_SDK_JSON);
        BY_NAME.put("csv", IntensityFormat.GENERIC_CSV);
        for (IntensityFormat f : IntensityFormat.values()) {
            BY_NAME.putIfAbsent(f.cliName(), f);
        }
    }

    private FormatNames() {
    }

    /** The format named {@code name}, or null for {@code auto} (detect per file). */
    static IntensityFormat parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("auto")) {
            return null;
        }
        IntensityFormat f = BY_NAME.get(n);
        if (f == null) {
            throw new UsageException("invalid value for option '--format': unknown format '" + name
                    + "'; use auto, electricitymaps, electricitymaps-json, neso-csv, neso-json, watttime, carbon-aware or csv");
        }
        return f;
    }
}
