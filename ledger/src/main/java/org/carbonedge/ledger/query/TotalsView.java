package org.carbonedge.ledger.query;

import java.time.Instant;

import org.carbonedge.ledger.core.DimensionKeys;
import org.carbonedge.ledger.core.Totals;

/**
 * One key's totals as the HTTP API shows them: the running sums plus the figures people read (inferences per gram,
 * gCO2 per inference, mean latency, kWh). Derived figures that are undefined (no emissions, no OK inference) are
 * written as null. Instances also read this shape from each other when they forward queries.
 */
public record TotalsView(String key, String dimension, long inferences, long inferencesOk, long inferencesFailed,
                         long inferencesRejected, double energyJoules, double energyKwh, double facilityEnergyJoules,
                         double pue, double operationalGco2, double transferGco2, double embodiedGco2,
                         double totalGco2, double gco2PerInference, double inferencesPerGram,
                         double meanLatencyMillis, double okLatencyMillisSum, double computeMillis,
                         Instant firstCompletedAt, Instant lastCompletedAt) {

    public static TotalsView of(String key, Totals t) {
        return new TotalsView(key, DimensionKeys.dimensionOf(key), t.inferences(), t.inferencesOk(),
                t.inferencesFailed(), t.inferencesRejected(), t.energyJoules(), t.energyKwh(),
                t.facilityEnergyJoules(), t.pue(), t.operationalGco2(), t.transferGco2(), t.embodiedGco2(),
                t.totalGco2(), t.gco2PerInference(), t.inferencesPerGram(), t.meanLatencyMillis(),
                t.okLatencyMillisSum(), t.computeMillis(), t.firstCompletedAt(), t.lastCompletedAt());
    }

    /** The running sums back, as another instance stored them. */
    public Totals toTotals() {
        return new Totals(inferencesOk, inferencesFailed, inferencesRejected, okLatencyMillisSum, computeMillis,
                energyJoules, facilityEnergyJoules, operationalGco2, transferGco2, embodiedGco2, totalGco2,
                firstCompletedAt, lastCompletedAt);
    }
}
