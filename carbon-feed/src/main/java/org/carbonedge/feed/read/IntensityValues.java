package org.carbonedge.feed.read;

import java.util.Locale;

/**
 * The plausibility rule every reader applies before emitting a value: finite, not negative, not above
 * {@value #MAX_PLAUSIBLE_GCO2_PER_KWH} g/kWh (the dirtiest lignite plants emit about 1,100–1,300 g/kWh, so a
 * larger value is a unit or data error, not a grid).
 */
public final class IntensityValues {
    public static final double MAX_PLAUSIBLE_GCO2_PER_KWH = 3000.0;

    private IntensityValues() {
    }

    /** Null when {@code gco2PerKwh} is usable, otherwise the reason it is not. */
    public static String problem(double gco2PerKwh) {
        if (Double.isNaN(gco2PerKwh) || Double.isInfinite(gco2PerKwh)) {
            return "value " + gco2PerKwh + " is not a finite number";
        }
        if (gco2PerKwh < 0) {
            return "negative intensity " + format(gco2PerKwh) + " gCO2/kWh";
        }
        if (gco2PerKwh > MAX_PLAUSIBLE_GCO2_PER_KWH) {
            return "implausible intensity " + format(gco2PerKwh) + " gCO2/kWh (limit "
                    + (int) MAX_PLAUSIBLE_GCO2_PER_KWH + ")";
        }
        return null;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
