package org.carbonedge.feed.live;

/** WattTime v3 signal types that are CO2 intensities. */
public enum WattTimeSignal {
    /** Marginal operating emissions rate (records get signal MARGINAL). */
    CO2_MOER("co2_moer"),
    /** Average operating emissions rate (records get signal AVERAGE). */
    CO2_AOER("co2_aoer");

    private final String apiName;

    WattTimeSignal(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
