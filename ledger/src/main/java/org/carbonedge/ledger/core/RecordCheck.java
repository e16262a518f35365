package org.carbonedge.ledger.core;

import java.util.Optional;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.TransferEmission;

/**
 * Whether an emission record that decoded can go into the ledger. Totals only grow, so one NaN or negative figure
 * would poison a key forever, and a record whose parts do not add up to its totals would make per-device sums
 * disagree with the grand total: such records are dead-lettered with the reason this check gives. The same holds for
 * a deferrable request's run-now counterfactual ({@code runNowGco2}: finite and >= 0 when given) and its held time,
 * and for the accuracy of the variant that served a request with an accuracy floor ({@code accuracy}: a share in
 * [0, 1] when given; one NaN would make a mean accuracy NaN for good, and 72 instead of 0.72 would pass for a
 * variant better than any). A {@code family} becomes part of ledger keys, so it must not be blank or contain the
 * keys' separator {@code |}: such a key could not be read back.
 */
public final class RecordCheck {

    private static final double RELATIVE_TOLERANCE = 1e-6;
    private static final double ABSOLUTE_TOLERANCE = 1e-12;

    private RecordCheck() {
    }

    /** Why the record cannot be counted, or empty when it can. */
    public static Optional<String> problem(EmissionRecord r) {
        String where = "emission record " + r.getRequestId();
        if (r.getModelId().isBlank() || r.getPolicy().isBlank()) {
            return Optional.of(where + ": modelId and policy must not be blank");
        }
        if (!(r.getPue() >= 1.0) || Double.isInfinite(r.getPue())) {
            return Optional.of(where + ": pue " + r.getPue() + " is not a finite number >= 1");
        }
        String bad = firstBad(where, "latencyMillis", r.getLatencyMillis(), "energyJoules", r.getEnergyJoules(),
                "operationalGco2", r.getOperationalGco2(), "transferGco2", r.getTransferGco2(),
                "embodiedGco2", r.getEmbodiedGco2(), "totalGco2", r.getTotalGco2());
        if (bad != null) {
            return Optional.of(bad);
        }
        if (r.getRunNowGco2() != null) {
            // a NaN counterfactual would make every savings total it touches NaN for good
            bad = firstBad(where, "runNowGco2", r.getRunNowGco2());
            if (bad != null) {
                return Optional.of(bad);
            }
        }
        if (r.getAccuracy() != null) {
            double accuracy = r.getAccuracy();
            if (!(accuracy >= 0 && accuracy <= 1)) {
                return Optional.of(where + ": accuracy " + accuracy + " is not a share in [0, 1]");
            }
        }
        if (r.getFamily() != null && (r.getFamily().isBlank() || r.getFamily().contains("|"))) {
            return Optional.of(where + ": family '" + r.getFamily() + "' is blank or contains '|'");
        }
        if (r.getHeldMillis() < 0) {
            return Optional.of(where + ": heldMillis " + r.getHeldMillis() + " is negative");
        }
        double stageJoules = 0;
        double stageGco2 = 0;
        for (StageEmission p : r.getParts()) {
            String stage = where + " stage " + p.getStageIndex();
            if (p.getDeviceId().isBlank() || p.getZone().isBlank()) {
                return Optional.of(stage + ": deviceId and zone must not be blank");
            }
            bad = firstBad(stage, "computeMillis", p.getComputeMillis(), "energyJoules", p.getEnergyJoules(),
                    "gco2", p.getGco2());
            if (bad != null) {
                return Optional.of(bad);
            }
            stageJoules += p.getEnergyJoules();
            stageGco2 += p.getGco2();
        }
        double transferJoules = 0;
        double transferGco2 = 0;
        for (TransferEmission t : r.getTransfers()) {
            bad = firstBad(where + " transfer " + t.getFromDeviceId() + "->" + t.getToDeviceId(),
                    "energyJoules", t.getEnergyJoules(), "gco2", t.getGco2());
            if (bad != null) {
                return Optional.of(bad);
            }
            transferJoules += t.getEnergyJoules();
            transferGco2 += t.getGco2();
        }
        if (r.getParts().isEmpty() && r.getEmbodiedGco2() > 0) {
            return Optional.of(where + ": embodiedGco2 " + r.getEmbodiedGco2() + " without any stage to attribute it to");
        }
        String mismatch = mismatch(where, "energyJoules", r.getEnergyJoules(), "the stages' and transfers' energy",
                stageJoules + transferJoules);
        if (mismatch == null) {
            mismatch = mismatch(where, "operationalGco2", r.getOperationalGco2(), "the stages' gco2", stageGco2);
        }
        if (mismatch == null) {
            mismatch = mismatch(where, "transferGco2", r.getTransferGco2(), "the transfers' gco2", transferGco2);
        }
        if (mismatch == null) {
            mismatch = mismatch(where, "totalGco2", r.getTotalGco2(), "operational + transfer + embodied",
                    r.getOperationalGco2() + r.getTransferGco2() + r.getEmbodiedGco2());
        }
        return Optional.ofNullable(mismatch);
    }

    /** The first field (name, value pairs) that is not a finite number >= 0, as a message; null when all are. */
    private static String firstBad(String where, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            double v = (Double) namesAndValues[i + 1];
            if (!(v >= 0) || Double.isInfinite(v)) {
                return where + ": " + namesAndValues[i] + " " + v + " is not a finite number >= 0";
            }
        }
        return null;
    }

    /** A message when {@code stated} and {@code summed} differ beyond rounding, else null. */
    private static String mismatch(String where, String field, double stated, String what, double summed) {
        double scale = Math.max(Math.abs(stated), Math.abs(summed));
        if (Math.abs(stated - summed) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * scale) {
            return null;
        }
        return where + ": " + field + " " + stated + " differs from " + what + " " + summed;
    }
}
