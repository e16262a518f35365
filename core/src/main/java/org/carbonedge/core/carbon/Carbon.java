package org.carbonedge.core.carbon;

/** Unit conversions of carbon accounting, in one place: C = E × I × PUE. */
public final class Carbon {

    /** Joules in one kWh. */
    public static final double JOULES_PER_KWH = 3.6e6;

    private Carbon() {
    }

    /** Grams CO2e of {@code energyJoules} at {@code gco2PerKwh}, with {@code pue}. */
    public static double grams(double energyJoules, double gco2PerKwh, double pue) {
        return energyJoules / JOULES_PER_KWH * gco2PerKwh * pue;
    }
}
