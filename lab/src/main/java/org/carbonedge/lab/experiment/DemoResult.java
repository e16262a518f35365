package org.carbonedge.lab.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.pipeline.DeviceSpec;

/**
 * What {@code carbonedge demo} measured: per policy, requests one at a time (latency, carbon, placement) and a
 * closed loop (throughput); the weight sweep; the grid intensities the pipeline held and those it applied.
 *
 * @param model      model id
 * @param parts      partitions the model was split into
 * @param devices    the executors, each in its grid zone
 * @param requests   requests per policy and sweep point, one at a time
 * @param inFlight   requests outstanding at a time in each policy's closed loop
 * @param policies   one row per policy, monolithic first
 * @param sweep      wC = 0.0 … 1.0, labels are the wC values
 * @param intensity  zone → the hourly demo-feed records the pipeline held over the run's window
 * @param applied    intensities the emissions job applied to the run's stages, per zone
 * @param runFrom    when the first measured request went out (after start-up and warm-up)
 * @param runTo      when the last measured request came back
 * @param overhead   the pipeline's own energy and carbon over the run (control plane and idle devices), for the
 *                   whole boundary
 * @param windowInferences OK inferences that shared that overhead (every policy's, the sweep's)
 */
public record DemoResult(String model, int parts, List<DeviceSpec> devices, int requests, int inFlight,
                  List<DemoPolicy> policies, List<PolicyStats> sweep, Map<String, List<GridIntensity>> intensity,
                  List<ZoneIntensity> applied, Instant runFrom, Instant runTo, ControlPlaneAccount overhead,
                  long windowInferences) {

    /** A result without the whole boundary measured. */
    public DemoResult(String model, int parts, List<DeviceSpec> devices, int requests, int inFlight,
                      List<DemoPolicy> policies, List<PolicyStats> sweep, Map<String, List<GridIntensity>> intensity,
                      List<ZoneIntensity> applied, Instant runFrom, Instant runTo) {
        this(model, parts, devices, requests, inFlight, policies, sweep, intensity, applied, runFrom, runTo,
                ControlPlaneAccount.NONE, 0);
    }

    /**
     * One policy's figures.
     *
     * @param oneAtATime          requests one at a time: latency, carbon per inference, placement
     * @param closedLoop          the closed loop: throughput (and latency under that load)
     * @param schedOverheadMicros median planner decision time over both runs' requests, microseconds
     * @param zones               zones the policy's stages ran in, e.g. "FR" or "DE+GB"
     */
    record DemoPolicy(PolicyStats oneAtATime, PolicyStats closedLoop, double schedOverheadMicros, String zones) {
        String name() {
            return oneAtATime.label();
        }
    }

    /** Lowest and highest intensity applied to a zone's stages during the run, gCO2/kWh. */
    record ZoneIntensity(String zone, double minGco2PerKwh, double maxGco2PerKwh) {
    }

    DemoPolicy monolithic() {
        return policies.stream().filter(p -> p.name().equals("monolithic")).findFirst().orElseThrow();
    }

    /** Carbon per inference saved against monolithic, percent (positive: less carbon). */
    double reductionPct(PolicyStats p) {
        return PaperExperiment.reduction(p, monolithic().oneAtATime());
    }
}
