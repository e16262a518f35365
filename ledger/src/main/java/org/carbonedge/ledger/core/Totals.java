package org.carbonedge.ledger.core;

import java.time.Instant;

import org.carbonedge.avro.InferenceStatus;

/**
 * Running totals of inferences, energy and emissions for one ledger key (a zone, a device, a policy, an hour, ...).
 * Totals only ever grow by {@link #plus}, which is associative and commutative, so partial sums can be combined in
 * any order: per record, per instance, or across instances.
 *
 * <p>Counts are per inference: an inference touching a key counts once for it, whatever its share of the energy.
 * Latency is summed over OK inferences only, so {@link #meanLatencyMillis()} is the mean of served requests.
 *
 * <p>Deferred inferences (deferrable requests, whose record states a run-now counterfactual) are also totalled, so
 * the ledger can say what waiting for a cleaner grid saved: their count and held time count once per key they
 * touched (like the outcome counts), their run-now gCO2 and savings are shared out like their emissions (so they sum
 * exactly to the grand total over devices or zones). Totals stored before these fields existed read them as 0,
 * which is what they were: no record then carried a counterfactual.
 *
 * <p>Accuracy delivered (issue #17): a record of a request with an accuracy floor names the accuracy of the variant
 * that served it. Only OK inferences count toward it, once per key they touched (like latency): a FAILED inference
 * delivered no answer, so it delivered no accuracy, though its carbon counts as always (and, as for
 * {@link #gco2PerInference()}, is carried by the inferences that were served). {@link #meanAccuracy()} is then read
 * next to {@link #gco2PerInference()}. Totals stored before these fields existed read them as 0: no record then
 * carried an accuracy.
 *
 * @param inferencesOk          inferences that completed
 * @param inferencesFailed      inferences where a stage failed or timed out
 * @param inferencesRejected    inferences that were never dispatched
 * @param okLatencyMillisSum    sum of end-to-end latencies of the OK inferences, milliseconds
 * @param computeMillis         device compute time attributed to the key, milliseconds
 * @param energyJoules          energy attributed to the key (compute + network transfer, before PUE), joules
 * @param facilityEnergyJoules  compute energy × the record's PUE, plus transfer energy (no PUE, as the
 *                              emissions job counts it), joules
 * @param operationalGco2       stage emissions, grams CO2e
 * @param transferGco2          network transfer emissions, grams CO2e
 * @param embodiedGco2          embodied emissions share (SCI's M), grams CO2e
 * @param totalGco2             operational + transfer + embodied, grams CO2e
 * @param firstCompletedAt      earliest completion seen, UTC (null when empty)
 * @param lastCompletedAt       latest completion seen, UTC (null when empty)
 * @param deferredInferences    inferences of deferrable requests (records with a {@code runNowGco2}), any outcome
 * @param deferredHeldMillis    sum of the time the router held those inferences for a cleaner grid, milliseconds
 * @param deferredRunNowGco2    sum of their counterfactuals: their total gCO2 had they run when the router first
 *                              decided on them, grams CO2e
 * @param savedGco2             sum over those inferences of run-now gCO2 minus the total gCO2 they did emit, grams
 *                              CO2e: what waiting saved. It may be negative: a forecast can be wrong, and the grid
 *                              at release time dirtier than when the router decided to wait
 * @param accuracyInferences    OK inferences whose record names the served variant's accuracy
 * @param accuracySum           sum of those accuracies, each a share in [0, 1] (divide by {@code accuracyInferences}
 *                              for the mean)
 * @param controlPlaneEnergyJoules the pipeline's own CPU energy counted under the key (issue #18:
 *                              {@code carbonedge.service-energy} CONTROL_PLANE), before PUE, joules
 * @param controlPlaneGco2      that energy priced (× PUE × the zone's intensity), grams CO2e
 * @param idleEnergyJoules      devices' idle energy between tasks counted under the key (DEVICE_IDLE), joules
 * @param idleGco2              that energy priced, grams CO2e
 * @param unpricedOverheadJoules control-plane or idle energy the ledger could not price (no measured intensity of
 *                              its zone yet), joules: counted in the energies above, not in any gCO2
 *
 * <p>The whole boundary (issue #18): the emission records carry the device boundary (each inference's device time,
 * transfers, embodied carbon: {@link #totalGco2}); the control plane's CPU and the devices' idle time are measured per
 * interval, not per inference, so they are totalled here per key (hour, zone, device for idle, and all) and shared out
 * over the key's inferences only when read: {@link #wholeBoundaryGco2PerInference()}. Totals stored before these
 * fields existed read them as 0.
 */
public record Totals(long inferencesOk, long inferencesFailed, long inferencesRejected, double okLatencyMillisSum,
                     double computeMillis, double energyJoules, double facilityEnergyJoules,
                     double operationalGco2, double transferGco2, double embodiedGco2, double totalGco2,
                     Instant firstCompletedAt, Instant lastCompletedAt, long deferredInferences,
                     long deferredHeldMillis, double deferredRunNowGco2, double savedGco2,
                     long accuracyInferences, double accuracySum, double controlPlaneEnergyJoules,
                     double controlPlaneGco2, double idleEnergyJoules, double idleGco2, double unpricedOverheadJoules) {

    /** Joules in one kilowatt-hour. */
    public static final double JOULES_PER_KWH = 3_600_000.0;

    /** The identity of {@link #plus}. */
    public static final Totals EMPTY = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0);

    /** One inference that could not wait, with its outcome and its {@link Resources} share. */
    public static Totals inference(InferenceStatus status, double latencyMillis, Instant completedAt, Resources share) {
        return inference(status, latencyMillis, completedAt, share, Deferral.NONE, null);
    }

    /**
     * One inference with its outcome, its {@link Resources} share, for a deferrable request its deferral share, and
     * the accuracy of the variant that served it (null when the request had no accuracy floor). The accuracy counts
     * only when the inference is OK: a failed one delivered no answer.
     */
    public static Totals inference(InferenceStatus status, double latencyMillis, Instant completedAt, Resources share,
                                   Deferral deferral, Double accuracy) {
        boolean delivered = status == InferenceStatus.OK && accuracy != null;
        return new Totals(status == InferenceStatus.OK ? 1 : 0, status == InferenceStatus.FAILED ? 1 : 0,
                status == InferenceStatus.REJECTED ? 1 : 0, status == InferenceStatus.OK ? latencyMillis : 0,
                share.computeMillis(), share.energyJoules(), share.facilityEnergyJoules(),
                share.operationalGco2(), share.transferGco2(), share.embodiedGco2(),
                share.operationalGco2() + share.transferGco2() + share.embodiedGco2(), completedAt, completedAt,
                deferral.inferences(), deferral.heldMillis(), deferral.runNowGco2(), deferral.savedGco2(),
                delivered ? 1 : 0, delivered ? accuracy.doubleValue() : 0.0, 0, 0, 0, 0, 0);
    }

    /**
     * Energy the pipeline used outside its inferences over one interval: the control plane's CPU, or a device's idle
     * time ({@code idle}), with its gCO2 (null: no intensity to price it with; the energy is then also counted as
     * unpriced).
     */
    public static Totals overhead(boolean idle, double energyJoules, Double gco2) {
        double g = gco2 == null ? 0 : gco2;
        double unpriced = gco2 == null ? energyJoules : 0;
        return new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, 0,
                idle ? 0 : energyJoules, idle ? 0 : g, idle ? energyJoules : 0, idle ? g : 0, unpriced);
    }

    /** Both totals together. */
    public Totals plus(Totals o) {
        return new Totals(inferencesOk + o.inferencesOk, inferencesFailed + o.inferencesFailed,
                inferencesRejected + o.inferencesRejected, okLatencyMillisSum + o.okLatencyMillisSum,
                computeMillis + o.computeMillis, energyJoules + o.energyJoules,
                facilityEnergyJoules + o.facilityEnergyJoules, operationalGco2 + o.operationalGco2,
                transferGco2 + o.transferGco2, embodiedGco2 + o.embodiedGco2, totalGco2 + o.totalGco2,
                earlier(firstCompletedAt, o.firstCompletedAt), later(lastCompletedAt, o.lastCompletedAt),
                deferredInferences + o.deferredInferences, deferredHeldMillis + o.deferredHeldMillis,
                deferredRunNowGco2 + o.deferredRunNowGco2, savedGco2 + o.savedGco2,
                accuracyInferences + o.accuracyInferences, accuracySum + o.accuracySum,
                controlPlaneEnergyJoules + o.controlPlaneEnergyJoules, controlPlaneGco2 + o.controlPlaneGco2,
                idleEnergyJoules + o.idleEnergyJoules, idleGco2 + o.idleGco2,
                unpricedOverheadJoules + o.unpricedOverheadJoules);
    }

    /** Device-boundary gCO2 ({@link #totalGco2}) plus the control plane's and the devices' idle gCO2. */
    public double wholeBoundaryGco2() {
        return totalGco2 + controlPlaneGco2 + idleGco2;
    }

    /**
     * Grams CO2e per OK inference over the whole boundary: the control plane's and the idle devices' carbon of the
     * key shared out over the inferences it served; NaN when none succeeded.
     */
    public double wholeBoundaryGco2PerInference() {
        return inferencesOk > 0 ? wholeBoundaryGco2() / inferencesOk : Double.NaN;
    }

    /** The control plane's share of the whole boundary's carbon, 0..1; NaN when nothing was emitted. */
    public double controlPlaneShare() {
        double whole = wholeBoundaryGco2();
        return whole > 0 ? controlPlaneGco2 / whole : Double.NaN;
    }

    /** Inferences of every outcome. */
    public long inferences() {
        return inferencesOk + inferencesFailed + inferencesRejected;
    }

    public double energyKwh() {
        return energyJoules / JOULES_PER_KWH;
    }

    public double facilityEnergyKwh() {
        return facilityEnergyJoules / JOULES_PER_KWH;
    }

    /** Effective PUE (facility energy / energy, transfers counted at 1.0); NaN when no energy was used. */
    public double pue() {
        return energyJoules > 0 ? facilityEnergyJoules / energyJoules : Double.NaN;
    }

    /**
     * Carbon efficiency: OK inferences per gram CO2e of everything counted (failed and rejected inferences'
     * emissions included); NaN when nothing was emitted.
     */
    public double inferencesPerGram() {
        return totalGco2 > 0 ? inferencesOk / totalGco2 : Double.NaN;
    }

    /** Grams CO2e per OK inference (SCI with R = one served inference); NaN when none succeeded. */
    public double gco2PerInference() {
        return inferencesOk > 0 ? totalGco2 / inferencesOk : Double.NaN;
    }

    /** Mean end-to-end latency of OK inferences, NaN when none succeeded. */
    public double meanLatencyMillis() {
        return inferencesOk > 0 ? okLatencyMillisSum / inferencesOk : Double.NaN;
    }

    /** Mean time a deferred inference was held, milliseconds; NaN when none was deferred. */
    public double meanHeldMillis() {
        return deferredInferences > 0 ? (double) deferredHeldMillis / deferredInferences : Double.NaN;
    }

    /**
     * Saved gCO2 as a fraction of the run-now counterfactual (0.25: waiting emitted a quarter less than running at
     * once would have); NaN when nothing was deferred or the counterfactual was 0. Negative when waiting cost carbon.
     */
    public double savedFraction() {
        return deferredRunNowGco2 > 0 ? savedGco2 / deferredRunNowGco2 : Double.NaN;
    }

    /**
     * Mean accuracy delivered (a share in [0, 1]) over the OK inferences that named one; NaN when none did. Read it
     * next to {@link #gco2PerInference()}: what a family's variants cost per answer and how good the answers were.
     */
    public double meanAccuracy() {
        return accuracyInferences > 0 ? accuracySum / accuracyInferences : Double.NaN;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /**
     * The resources an inference used within one key: what {@link Contributions} attributes to a device, a zone or
     * the whole record.
     *
     * @param facilityEnergyJoules energy including data-centre overhead (compute energy × PUE + transfer energy)
     */
    public record Resources(double computeMillis, double energyJoules, double facilityEnergyJoules,
                            double operationalGco2, double transferGco2, double embodiedGco2) {

        public static final Resources NONE = new Resources(0, 0, 0, 0, 0, 0);

        public Resources plus(Resources o) {
            return new Resources(computeMillis + o.computeMillis, energyJoules + o.energyJoules,
                    facilityEnergyJoules + o.facilityEnergyJoules, operationalGco2 + o.operationalGco2,
                    transferGco2 + o.transferGco2, embodiedGco2 + o.embodiedGco2);
        }
    }

    /**
     * What a deferred inference adds within one key: counted once with its held time, and its share of the run-now
     * counterfactual and of the saving ({@link #NONE} for a request that could not wait).
     *
     * @param inferences 1 for a deferred inference, 0 otherwise
     * @param heldMillis how long the router held it, milliseconds
     * @param runNowGco2 the key's share of the run-now counterfactual, grams CO2e
     * @param savedGco2  the key's share of run-now minus actual emissions, grams CO2e (may be negative)
     */
    public record Deferral(long inferences, long heldMillis, double runNowGco2, double savedGco2) {

        public static final Deferral NONE = new Deferral(0, 0, 0, 0);
    }
}
