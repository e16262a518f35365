package org.carbonedge.core.carbon;

/**
 * Energy of moving data over networks: 0.06 kWh/GB in 2015, halving about every two years (Aslan, Mayers, Koomey
 * and France, "Electricity Intensity of Internet Data Transmission", J. Ind. Ecol. 2018). CarbonEdge counts it for
 * every tensor that crosses from one device to another.
 */
public final class TransferEnergy {

    static final double KWH_PER_GB_2015 = 0.06;
    static final double HALVING_YEARS = 2.0;

    private TransferEnergy() {
    }

    /** kWh per GB (10^9 bytes) in {@code year}, by the Aslan et al. trend. */
    public static double kwhPerGigabyte(int year) {
        return KWH_PER_GB_2015 * Math.pow(2, -(year - 2015) / HALVING_YEARS);
    }

    /** Joules to move {@code bytes} at {@code kwhPerGigabyte}. */
    public static double joules(long bytes, double kwhPerGigabyte) {
        return bytes / 1e9 * kwhPerGigabyte * 3.6e6;
    }
}
