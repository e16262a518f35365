package org.carbonedge.feed.read;

import java.util.Locale;
import org.carbonedge.feed.FeedException;

/**
 * Units in which sources publish carbon intensity, with the factor to grams CO2(e) per kWh, the unit of every
 * {@code GridIntensity} record.
 */
public enum Units {
    /** Grams per kilowatt-hour: Electricity Maps, UK Carbon Intensity API, Carbon Aware SDK. */
    G_PER_KWH("g/kWh", 1.0),
    /**
     * Pounds per megawatt-hour (WattTime). 1 lb = 0.45359237 kg exactly (international avoirdupois pound, 1959
     * international yard and pound agreement; NIST SP 811 appendix B), so 1 lb/MWh = 453.59237 g / 1000 kWh =
     * 0.45359237 g/kWh.
     */
    LBS_PER_MWH("lbs/MWh", 0.45359237),
    /** Kilograms per megawatt-hour: 1 kg/MWh = 1000 g / 1000 kWh = 1 g/kWh. */
    KG_PER_MWH("kg/MWh", 1.0);

    /** Exact grams-per-kWh value of one lb/MWh; see {@link #LBS_PER_MWH}. */
    public static final double G_PER_KWH_PER_LB_PER_MWH = 0.45359237;

    private final String label;
    private final double toGramsPerKwh;

    Units(String label, double toGramsPerKwh) {
        this.label = label;
        this.toGramsPerKwh = toGramsPerKwh;
    }

    public String label() {
        return label;
    }

    /** Converts a value in this unit to g/kWh. */
    public double toGramsPerKwh(double value) {
        return value * toGramsPerKwh;
    }

    /**
     * Parses a CLI or API spelling: {@code g/kWh}, {@code lbs/MWh} (or {@code lb/MWh}, WattTime's
     * {@code lbs_co2_per_mwh}), {@code kg/MWh}; case-insensitive.
     */
    public static Units parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace("co2e", "").replace("co2", "").replace("co₂", "")
                .replace("_per_", "/").replace("_", "").replace(" ", "");
        switch (t) {
            case "g/kwh":
            case "geq/kwh":
                return G_PER_KWH;
            case "lbs/mwh":
            case "lb/mwh":
                return LBS_PER_MWH;
            case "kg/mwh":
                return KG_PER_MWH;
            default:
                throw new FeedException("unknown units '" + text + "': use g/kWh, lbs/MWh or kg/MWh");
        }
    }
}
