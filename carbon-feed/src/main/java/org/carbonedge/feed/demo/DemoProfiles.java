package org.carbonedge.feed.demo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.carbonedge.feed.FeedException;

/**
 * Typical-day carbon intensity of six contrasting grids, for the one-machine demo when no file is given: the mean
 * direct intensity (gCO2/kWh) of each UTC hour of the day over 2023.
 *
 * <p>Source: computed by the CarbonEdge team from the Electricity Maps data-portal hourly exports for 2023
 * (Electricity Maps, ODbL; files {@code grid/electricitymaps/<ZONE>_2023_hourly.csv} of the shared data set,
 * column {@code Carbon Intensity gCO₂eq/kWh (direct)}, 8,760 hours per zone, 365 values averaged per hour). Only
 * these 144 figures are kept here; {@code DemoProfilesTest} recomputes them from the files.
 *
 * <p>Hours are UTC, so each zone's solar dip appears at its own UTC time (California's around 19–21 UTC).
 */
public final class DemoProfiles {
    private static final Map<String, double[]> HOURLY_MEAN_GCO2_PER_KWH;

    static {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("FR", new double[] {
            30.03, 29.38, 28.38, 28.30, 29.97, 31.81, 32.87, 32.26, 30.73, 28.52, 27.12, 25.72,
            24.84, 24.83, 25.29, 27.33, 31.14, 35.27, 36.81, 35.90, 34.91, 34.74, 33.34, 30.84});
        m.put("DE", new double[] {
            342.01, 340.46, 341.33, 345.95, 350.28, 349.85, 340.05, 319.36, 293.64, 272.24, 260.55, 255.91,
            258.83, 271.01, 293.13, 324.85, 356.96, 377.20, 383.99, 380.94, 374.72, 367.37, 355.62, 346.06});
        m.put("GB", new double[] {
            124.82, 123.45, 122.73, 124.37, 129.44, 137.71, 144.69, 142.91, 136.21, 129.29, 123.70, 120.22,
            118.56, 120.22, 126.86, 138.58, 152.58, 161.45, 163.68, 161.90, 157.07, 147.31, 131.78, 124.79});
        m.put("IN-WE", new double[] {
            701.47, 701.83, 700.50, 699.31, 698.25, 697.09, 688.51, 682.05, 681.67, 680.40, 678.34, 677.50,
            682.50, 689.33, 688.75, 687.43, 687.54, 687.63, 691.18, 698.71, 698.83, 698.77, 698.99, 700.07});
        m.put("NO", new double[] {
            10.53, 10.97, 11.35, 11.11, 10.14, 8.83, 8.13, 8.38, 9.15, 9.85, 10.70, 11.68,
            11.98, 10.98, 9.33, 7.93, 6.99, 6.63, 6.87, 7.17, 7.48, 7.98, 8.87, 9.69});
        m.put("US-CAL-CISO", new double[] {
            180.35, 209.22, 228.09, 231.87, 232.00, 232.79, 232.53, 232.39, 231.17, 230.94, 231.24, 231.57,
            234.12, 229.30, 205.98, 173.39, 147.25, 136.19, 133.51, 131.94, 130.63, 130.77, 135.05, 150.75});
        HOURLY_MEAN_GCO2_PER_KWH = Collections.unmodifiableMap(m);
    }

    private DemoProfiles() {
    }

    /** The zones with a profile: FR, DE, GB, IN-WE, NO, US-CAL-CISO. */
    public static Set<String> zones() {
        return HOURLY_MEAN_GCO2_PER_KWH.keySet();
    }

    /** Mean intensity of {@code zone} in UTC hour {@code hourOfDay} (0–23), gCO2/kWh. */
    public static double gco2PerKwh(String zone, int hourOfDay) {
        return profile(zone)[hourOfDay];
    }

    /** A copy of the 24 hourly means of {@code zone}. */
    public static double[] profile(String zone) {
        double[] p = HOURLY_MEAN_GCO2_PER_KWH.get(zone);
        if (p == null) {
            throw new FeedException("no demo profile for zone '" + zone + "' (have: " + String.join(", ", zones()) + ")");
        }
        return p.clone();
    }
}
