package org.carbonedge.lab.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.Carbon;
import org.carbonedge.core.carbon.Intensity;
import org.carbonedge.core.carbon.IntensityLookup;

/**
 * The trace experiment's yardstick: for each inference, the lowest-carbon feasible placement with perfect knowledge
 * of the grid intensities valid when it ran, priced only with figures measured in the same run (never with the
 * planner's estimates, so policies are not judged by their own model).
 *
 * <ul>
 *   <li><b>Cost</b> of the whole model on device d at time t: Ē_d × PUE × I(zone_d, t) + M̄_d, with Ē_d and M̄_d the
 *       mean energy and embodied carbon of the run's whole-model executions on d.</li>
 *   <li><b>Feasible</b> at t: d has a measured cost (the caller passes devices that ran the whole model in the run
 *       and whose memory holds it), it was UP at t, and its zone's intensity at t is known.</li>
 *   <li><b>Split plans are not considered</b>: a device's energy for any partition is its busy power × the
 *       partition's time at its quota, i.e. the same multiple e_d of the partition's reference time t_p on every
 *       partition, so a split plan costs Σ_p t_p·e_d(p)·I_d(p) ≥ Σ_p t_p·min_d(e_d·I_d) — the best whole-model plan —
 *       before the transfer energy and the per-stage overhead a split adds.</li>
 *   <li><b>Compared with a policy</b> on the policy's own inferences: the mean of their best placements, or the
 *       policy's own mean if that is lower (only measurement noise can make it so, and the oracle could have done
 *       what the policy did), so no policy is reported below 100% of the oracle.</li>
 * </ul>
 * Plain Java (no Kafka or Flink), so it is tested on hand-made numbers.
 */
public final class HindsightOracle {

    /**
     * What running the whole model once costs on one device, measured in the run.
     *
     * @param energyJoules mean energy per whole-model execution (before PUE)
     * @param embodiedGco2 mean embodied carbon charged per execution
     * @param samples      executions the means are taken over
     */
    public record DeviceCost(String deviceId, String zone, double energyJoules, double embodiedGco2, int samples) {
        public DeviceCost {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(zone, "zone");
            if (!(energyJoules >= 0) || !(embodiedGco2 >= 0) || samples < 1) {
                throw new IllegalArgumentException("cost of " + deviceId + " needs energy and embodied >= 0 and samples >= 1");
            }
        }
    }

    /** One measured whole-model execution: the input of {@link #costs}. */
    public record WholeModelRun(String deviceId, String zone, double energyJoules, double embodiedGco2) {
    }

    /** One inference a policy ran: when (its first stage's start) and what it really emitted. */
    public record Inference(Instant executedAt, double actualGco2) {
    }

    /** The oracle's placement at one instant, the energy it takes (before PUE) and what it emits. */
    public record Choice(String deviceId, String zone, double energyJoules, double gco2) {
    }

    /** Whether a device was up (routable) at an instant. */
    @FunctionalInterface
    public interface Availability {
        Availability ALWAYS = (deviceId, at) -> true;

        boolean up(String deviceId, Instant at);
    }

    private final List<DeviceCost> devices;
    private final IntensityLookup intensity;
    private final Availability availability;
    private final double pue;

    /**
     * @param devices      measured costs of the candidate devices
     * @param intensity    the intensities actually valid, by zone and instant
     * @param availability which devices were up when
     * @param pue          power usage effectiveness the run accounted with
     */
    public HindsightOracle(List<DeviceCost> devices, IntensityLookup intensity, Availability availability, double pue) {
        this.devices = List.copyOf(devices);
        this.intensity = Objects.requireNonNull(intensity, "intensity");
        this.availability = Objects.requireNonNull(availability, "availability");
        if (!(pue >= 1)) {
            throw new IllegalArgumentException("pue must be >= 1, was " + pue);
        }
        this.pue = pue;
    }

    /** Per device (in order of first appearance), the mean of its measured whole-model executions. */
    public static List<DeviceCost> costs(List<WholeModelRun> runs) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, String> zones = new LinkedHashMap<>();
        for (WholeModelRun r : runs) {
            double[] s = sums.computeIfAbsent(r.deviceId(), d -> new double[3]);
            s[0] += r.energyJoules();
            s[1] += r.embodiedGco2();
            s[2]++;
            zones.putIfAbsent(r.deviceId(), r.zone());
        }
        List<DeviceCost> out = new ArrayList<>(sums.size());
        sums.forEach((device, s) -> out.add(new DeviceCost(device, zones.get(device), s[0] / s[2], s[1] / s[2], (int) s[2])));
        return out;
    }

    public List<DeviceCost> devices() {
        return devices;
    }

    /** The lowest-carbon feasible whole-model placement at {@code at}; empty when no device is feasible. */
    public Optional<Choice> best(Instant at) {
        Choice best = null;
        for (DeviceCost d : devices) {
            if (!availability.up(d.deviceId(), at)) {
                continue;
            }
            Optional<Intensity> i = intensity.at(d.zone(), SignalType.AVERAGE, at);
            if (i.isEmpty()) {
                continue;
            }
            double gco2 = Carbon.grams(d.energyJoules(), i.get().gco2PerKwh(), pue) + d.embodiedGco2();
            if (best == null || gco2 < best.gco2()) {
                best = new Choice(d.deviceId(), d.zone(), d.energyJoules(), gco2);
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The oracle's gCO2 per inference over a policy's inferences: the mean of their best placements, or the
     * policy's own mean when that is lower. (The oracle prices a device at its mean measured cost, so a policy can
     * only come out below it through measurement noise; the oracle could have done what the policy did.) An
     * inference at an instant with no feasible device counts at what it really emitted.
     */
    public double gco2PerInference(List<Inference> inferences) {
        double best = 0;
        double actual = 0;
        for (Inference i : inferences) {
            best += best(i.executedAt()).map(Choice::gco2).orElse(i.actualGco2());
            actual += i.actualGco2();
        }
        return inferences.isEmpty() ? Double.NaN : Math.min(best, actual) / inferences.size();
    }
}
