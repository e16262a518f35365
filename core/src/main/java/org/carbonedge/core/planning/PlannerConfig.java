package org.carbonedge.core.planning;

import org.carbonedge.core.energy.EnergyModel;

/**
 * Knobs of CarbonEdge's planner.
 *
 * @param maxStages                most devices one inference is split across (1..3)
 * @param maxCandidateDevices      devices kept after shortlisting, so decisions stay in microseconds at 1,000
 *                                 devices: the fastest, the greenest, then the best compromise
 * @param compromiseNorm           p of the weighted L_p distance to the ideal point (2 = compromise programming;
 *                                 {@code Double.POSITIVE_INFINITY} = weighted Tchebycheff; 1 = weighted sum)
 * @param kwhPerGigabyte           network energy intensity of transfers between devices
 * @param pue                      power usage effectiveness applied to device energy
 * @param hopLatencyMillis         fixed latency of handing a tensor to the next device
 * @param bandwidthBytesPerMilli   link bandwidth between devices (12,500 B/ms = 100 Mbit/s)
 * @param maxLoad                  devices above this load are skipped (the paper's 0.8)
 * @param paperLatencyThresholdMillis the paper scorer's latency filter
 */
public record PlannerConfig(int maxStages, int maxCandidateDevices, double compromiseNorm, double kwhPerGigabyte,
                            double pue, double hopLatencyMillis, double bandwidthBytesPerMilli, double maxLoad,
                            double paperLatencyThresholdMillis) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public PlannerConfig {
        if (maxStages < 1 || maxStages > 3) {
            throw new IllegalArgumentException("maxStages must be 1..3, was " + maxStages);
        }
        if (maxCandidateDevices < 1) {
            throw new IllegalArgumentException("maxCandidateDevices must be >= 1");
        }
        if (!(compromiseNorm >= 1)) {
            throw new IllegalArgumentException("compromiseNorm must be >= 1");
        }
        if (!(pue >= 1)) {
            throw new IllegalArgumentException("PUE must be >= 1, was " + pue);
        }
    }

    /**
     * Defaults: 3 stages; 4 candidate devices when there are more (the fastest, the greenest and the two best
     * compromises: enough for every 3-stage plan shape, and 592 plans instead of 1,405 for 5); p = 2; transfer energy
     * for this year; PUE 1.0; 100 Mbit/s.
     */
    public static PlannerConfig defaults() {
        return new PlannerConfig(3, 4, 2.0, EnergyModel.transferKwhPerGigabyte(java.time.Year.now(java.time.ZoneOffset.UTC).getValue()),
                1.0, 1.0, 12_500, 0.8, 10_000);
    }

    public PlannerConfig withPue(double value) {
        return new PlannerConfig(maxStages, maxCandidateDevices, compromiseNorm, kwhPerGigabyte, value,
                hopLatencyMillis, bandwidthBytesPerMilli, maxLoad, paperLatencyThresholdMillis);
    }

    public PlannerConfig withCompromiseNorm(double p) {
        return new PlannerConfig(maxStages, maxCandidateDevices, p, kwhPerGigabyte, pue,
                hopLatencyMillis, bandwidthBytesPerMilli, maxLoad, paperLatencyThresholdMillis);
    }

    /** Transfer between devices: network energy intensity and link bandwidth. */
    public PlannerConfig withTransfer(double kwhPerGb, double bytesPerMilli) {
        return new PlannerConfig(maxStages, maxCandidateDevices, compromiseNorm, kwhPerGb, pue,
                hopLatencyMillis, bytesPerMilli, maxLoad, paperLatencyThresholdMillis);
    }

    public PlannerConfig withMaxStages(int stages) {
        return new PlannerConfig(stages, maxCandidateDevices, compromiseNorm, kwhPerGigabyte, pue,
                hopLatencyMillis, bandwidthBytesPerMilli, maxLoad, paperLatencyThresholdMillis);
    }
}
