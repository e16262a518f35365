package org.carbonedge.ledger.query;

import java.time.Instant;

import org.carbonedge.ledger.core.DimensionKeys;
import org.carbonedge.ledger.core.Totals;

/**
 * One key's totals as the HTTP API shows them: the running sums plus the figures people read (inferences per gram,
 * gCO2 per inference, mean latency, kWh). Derived figures that are undefined (no emissions, no OK inference) are
 * written as null. Instances also read this shape from each other when they forward queries; an instance of an
 * older version answers without the deferral fields, which then read as 0 (Jackson's default for a missing
 * primitive), as its totals were before it knew of deferral.
 *
 * <p>Deferral: {@code deferredInferences} of deferrable requests, held {@code deferredHeldMillis} in all
 * ({@code meanHeldMillis} each); had they run when the router first decided they would have emitted
 * {@code deferredRunNowGco2}; {@code savedGco2} is that minus what they did emit (negative when waiting cost carbon),
 * {@code savedFraction} the saving as a fraction of the run-now figure.
 *
 * <p>Accuracy delivered: {@code accuracyInferences} OK inferences named the accuracy of the variant that served them
 * (requests with an accuracy floor), summing to {@code accuracySum}; {@code meanAccuracy} is their mean (null when
 * none did), to be read next to {@code gco2PerInference}. An older instance answers without them: they read as 0.
 *
 * <p>Boundaries (issue #18): {@code totalGco2} and {@code gco2PerInference} are the device boundary the emission
 * records carry; {@code controlPlaneGco2} (the pipeline's own CPU) and {@code idleGco2} (devices between tasks) are
 * counted per interval under the key, {@code wholeBoundaryGco2} adds them, {@code wholeBoundaryGco2PerInference}
 * shares them over the key's OK inferences and {@code controlPlaneShare} is the control plane's part of the whole.
 */
public record TotalsView(String key, String dimension, long inferences, long inferencesOk, long inferencesFailed,
                         long inferencesRejected, double energyJoules, double energyKwh, double facilityEnergyJoules,
                         double pue, double operationalGco2, double transferGco2, double embodiedGco2,
                         double totalGco2, double gco2PerInference, double inferencesPerGram,
                         double meanLatencyMillis, double okLatencyMillisSum, double computeMillis,
                         Instant firstCompletedAt, Instant lastCompletedAt, long deferredInferences,
                         long deferredHeldMillis, double meanHeldMillis, double deferredRunNowGco2, double savedGco2,
                         double savedFraction, long accuracyInferences, double accuracySum, double meanAccuracy,
                         double controlPlaneEnergyJoules, double controlPlaneGco2, double idleEnergyJoules,
                         double idleGco2, double unpricedOverheadJoules, double wholeBoundaryGco2,
                         double wholeBoundaryGco2PerInference, double controlPlaneShare) {

    public static TotalsView of(String key, Totals t) {
        return new TotalsView(key, DimensionKeys.dimensionOf(key), t.inferences(), t.inferencesOk(),
                t.inferencesFailed(), t.inferencesRejected(), t.energyJoules(), t.energyKwh(),
                t.facilityEnergyJoules(), t.pue(), t.operationalGco2(), t.transferGco2(), t.embodiedGco2(),
                t.totalGco2(), t.gco2PerInference(), t.inferencesPerGram(), t.meanLatencyMillis(),
                t.okLatencyMillisSum(), t.computeMillis(), t.firstCompletedAt(), t.lastCompletedAt(),
                t.deferredInferences(), t.deferredHeldMillis(), t.meanHeldMillis(), t.deferredRunNowGco2(),
                t.savedGco2(), t.savedFraction(), t.accuracyInferences(), t.accuracySum(), t.meanAccuracy(),
                t.controlPlaneEnergyJoules(), t.controlPlaneGco2(), t.idleEnergyJoules(), t.idleGco2(),
                t.unpricedOverheadJoules(), t.wholeBoundaryGco2(), t.wholeBoundaryGco2PerInference(),
                t.controlPlaneShare());
    }

    /** The running sums back, as another instance stored them. */
    public Totals toTotals() {
        return new Totals(inferencesOk, inferencesFailed, inferencesRejected, okLatencyMillisSum, computeMillis,
                energyJoules, facilityEnergyJoules, operationalGco2, transferGco2, embodiedGco2, totalGco2,
                firstCompletedAt, lastCompletedAt, deferredInferences, deferredHeldMillis, deferredRunNowGco2,
                savedGco2, accuracyInferences, accuracySum, controlPlaneEnergyJoules, controlPlaneGco2, idleEnergyJoules,
                idleGco2, unpricedOverheadJoules);
    }
}
