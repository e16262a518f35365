package org.carbonedge.ledger.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.TransferEmission;
import org.carbonedge.ledger.core.Totals.Resources;

/**
 * What one emission record adds to each ledger key: the rule that turns a per-inference record into per-zone,
 * per-device, per-model, per-policy and per-hour totals.
 *
 * <p>Attribution:
 * <ul>
 *   <li>Record-wide keys ({@code all}, {@code model}, {@code policy}, {@code model|policy}, {@code hour},
 *       {@code hour|policy}, and {@code label} for the labels asked for) get the whole record: its energy and gCO2 as the record states them, compute time
 *       summed over its stages.</li>
 *   <li>{@code device} keys get each stage's compute time, energy and operational gCO2 on the device that ran it,
 *       each transfer's energy and gCO2 on the sending device (whose grid the emissions job charges it to), and a
 *       share of the record's embodied gCO2 proportional to the device's compute time (equal per stage when no
 *       compute time was recorded: the record does not break embodied carbon down per stage).</li>
 *   <li>{@code zone} and {@code hour|zone} keys get the sum of the shares of the devices in that zone (a transfer
 *       sender's zone is the zone of its stage).</li>
 *   <li>The inference itself (its outcome count and, when OK, its latency) counts once for every key it touched,
 *       so the counts of a two-device inference appear under both devices: per-device counts sum to at least the
 *       grand total, energy and gCO2 sum to it exactly.</li>
 *   <li>A record without stages (REJECTED) counts for the record-wide keys only.</li>
 *   <li>A deferrable request's record ({@code runNowGco2} given) counts as a deferred inference, with its
 *       {@code heldMillis}, once for every key it touched, like its outcome. Its run-now counterfactual and its saving
 *       (run-now minus {@code totalGco2}) are record-wide figures the record does not break down per stage, so a
 *       device or zone gets them in proportion to its share of the record's gCO2 (of its compute time, or equally
 *       per stage, when the record emitted nothing): like gCO2, they sum over devices or zones to the grand total.</li>
 *   <li>A record that names a model {@code family} (a request with an accuracy floor) also counts whole under the
 *       record-wide keys {@code family:<family>} and {@code family:<family>|model:<variant that ran>}; a record
 *       without one is in no family key. Its {@code accuracy}, when it is OK, counts toward the accuracy delivered of
 *       every key it touched, once, like its latency (see {@link Totals}).</li>
 * </ul>
 */
public final class Contributions {

    private static final String UNKNOWN_ZONE = "unknown";

    private Contributions() {
    }

    /** The totals this record adds, per ledger key, with no label keys. */
    public static Map<String, Totals> of(EmissionRecord r) {
        return of(r, List.of());
    }

    /**
     * The totals this record adds, per ledger key, including a record-wide {@code label:name=value} key for each of
     * {@code labels} the record's request carried (see {@link DimensionKeys#label}).
     */
    public static Map<String, Totals> of(EmissionRecord r, Collection<String> labels) {
        double pue = r.getPue();
        Map<String, Resources> byDevice = new LinkedHashMap<>();
        Map<String, Resources> byZone = new LinkedHashMap<>();
        Map<String, String> zoneOfDevice = new HashMap<>();
        Map<String, Double> weightOfDevice = new HashMap<>();
        Map<String, Double> weightOfZone = new HashMap<>();
        List<StageEmission> parts = r.getParts();
        double computeMillis = 0;
        for (StageEmission p : parts) {
            computeMillis += p.getComputeMillis();
            zoneOfDevice.putIfAbsent(p.getDeviceId(), p.getZone());
        }
        for (StageEmission p : parts) {
            double weight = computeMillis > 0 ? p.getComputeMillis() / computeMillis : 1.0 / parts.size();
            double embodiedShare = computeMillis > 0
                    ? r.getEmbodiedGco2() * p.getComputeMillis() / computeMillis
                    : r.getEmbodiedGco2() / parts.size();
            weightOfDevice.merge(p.getDeviceId(), weight, Double::sum);
            weightOfZone.merge(p.getZone(), weight, Double::sum);
            Resources stage = new Resources(p.getComputeMillis(), p.getEnergyJoules(), p.getEnergyJoules() * pue,
                    p.getGco2(), 0, embodiedShare);
            byDevice.merge(p.getDeviceId(), stage, Resources::plus);
            byZone.merge(p.getZone(), stage, Resources::plus);
        }
        for (TransferEmission t : r.getTransfers()) {
            Resources transfer = new Resources(0, t.getEnergyJoules(), t.getEnergyJoules(), 0, t.getGco2(), 0);
            byDevice.merge(t.getFromDeviceId(), transfer, Resources::plus);
            byZone.merge(zoneOfDevice.getOrDefault(t.getFromDeviceId(), UNKNOWN_ZONE), transfer, Resources::plus);
        }

        Resources whole = new Resources(computeMillis, r.getEnergyJoules(), facilityEnergy(r),
                r.getOperationalGco2(), r.getTransferGco2(), r.getEmbodiedGco2());
        String hour = DimensionKeys.hour(r.getCompletedAt());
        Map<String, Totals> out = new LinkedHashMap<>();
        Totals all = inference(r, whole, 1.0);
        out.put(DimensionKeys.ALL, all);
        out.put(DimensionKeys.of(DimensionKeys.MODEL, r.getModelId()), all);
        out.put(DimensionKeys.of(DimensionKeys.POLICY, r.getPolicy()), all);
        out.put(DimensionKeys.of(DimensionKeys.MODEL, r.getModelId(), DimensionKeys.POLICY, r.getPolicy()), all);
        out.put(DimensionKeys.of(DimensionKeys.HOUR, hour), all);
        out.put(DimensionKeys.of(DimensionKeys.HOUR, hour, DimensionKeys.POLICY, r.getPolicy()), all);
        String family = r.getFamily();
        if (family != null) {
            out.put(DimensionKeys.of(DimensionKeys.FAMILY, family), all);
            out.put(DimensionKeys.of(DimensionKeys.FAMILY, family, DimensionKeys.MODEL, r.getModelId()), all);
        }
        for (String name : labels) {
            String value = r.getAttributes().get(name);
            if (value != null) {
                out.put(DimensionKeys.label(name, value), all);
            }
        }
        byDevice.forEach((device, share) -> out.put(DimensionKeys.of(DimensionKeys.DEVICE, device),
                inference(r, share, fraction(r, share, weightOfDevice.getOrDefault(device, 0.0)))));
        byZone.forEach((zone, share) -> {
            Totals t = inference(r, share, fraction(r, share, weightOfZone.getOrDefault(zone, 0.0)));
            out.put(DimensionKeys.of(DimensionKeys.ZONE, zone), t);
            out.put(DimensionKeys.of(DimensionKeys.HOUR, hour, DimensionKeys.ZONE, zone), t);
        });
        return out;
    }

    /** Compute energy × PUE plus transfer energy, as the emissions job applies PUE. */
    private static double facilityEnergy(EmissionRecord r) {
        double transferJoules = 0;
        for (TransferEmission t : r.getTransfers()) {
            transferJoules += t.getEnergyJoules();
        }
        return (r.getEnergyJoules() - transferJoules) * r.getPue() + transferJoules;
    }

    /**
     * The part of the record's run-now counterfactual and saving a share carries: its part of the record's gCO2, or,
     * when the record emitted nothing, {@code weight} (its part of the compute time, or of the stages).
     */
    private static double fraction(EmissionRecord r, Resources share, double weight) {
        double shareGco2 = share.operationalGco2() + share.transferGco2() + share.embodiedGco2();
        return r.getTotalGco2() > 0 ? shareGco2 / r.getTotalGco2() : weight;
    }

    private static Totals inference(EmissionRecord r, Resources share, double fraction) {
        Double runNow = r.getRunNowGco2();
        Totals.Deferral deferral = runNow == null ? Totals.Deferral.NONE
                : new Totals.Deferral(1, r.getHeldMillis(), runNow * fraction, (runNow - r.getTotalGco2()) * fraction);
        return Totals.inference(r.getStatus(), r.getLatencyMillis(), r.getCompletedAt(), share, deferral,
                r.getAccuracy());
    }
}
