package org.carbonedge.feed.read;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.carbonedge.feed.FeedException;

/** The input formats the feed understands, with the name users type after {@code --format}. */
public enum IntensityFormat {
    ELECTRICITY_MAPS_CSV("electricitymaps-csv"),
    ELECTRICITY_MAPS_JSON("electricitymaps-json"),
    NESO_CSV("neso-csv"),
    NESO_JSON("neso-json"),
    WATTTIME_JSON("watttime-json"),
    CARBON_AWARE_SDK_JSON("carbon-aware-json"),
    GENERIC_CSV("generic-csv");

    private final String cliName;

    IntensityFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Parses a {@code --format} value; {@code auto} is handled by the caller and returns null here. */
    public static IntensityFormat fromCliName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("auto")) {
            return null;
        }
        for (IntensityFormat f : values()) {
            if (f.cliName.equals(n)) {
                return f;
            }
        }
        throw new FeedException("unknown format '" + name + "': use auto or one of "
                + Arrays.stream(values()).map(IntensityFormat::cliName).collect(Collectors.joining(", ")));
    }
}
