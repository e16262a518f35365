package org.carbonedge.ledger.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.carbonedge.ledger.core.DimensionKeys;
import org.carbonedge.ledger.core.Totals;

/**
 * Software Carbon Intensity (ISO/IEC 21031:2024) per policy, per model, per model and policy, per model family and
 * per family and variant:
 * SCI = (E·I + M) / R with R = one served (OK) inference.
 *
 * <ul>
 *   <li>E: facility energy in kWh (compute energy × PUE, plus network transfer energy);</li>
 *   <li>I: the energy-weighted intensity actually applied, gCO2e/kWh, i.e. (operational + transfer gCO2) / E, so
 *       E·I is exactly the operational and transfer emissions the records state;</li>
 *   <li>M: embodied gCO2e of the device time used;</li>
 *   <li>R: OK inferences. Failed and rejected inferences add no R but their emissions stay in E·I + M: the carbon
 *       of work that served no one is carried by the inferences that were served.</li>
 * </ul>
 * Beside SCI, each row says what waiting for a cleaner grid did for the key's deferrable requests: how many were
 * deferred, how long they were held, their run-now counterfactual and the gCO2e saved (negative when waiting cost
 * carbon). The SCI already counts what they did emit; the saving is what it would otherwise have been higher by.
 * It also says what the served inferences delivered in accuracy, when their requests had an accuracy floor (the
 * family of a family key, how many OK inferences named an accuracy, their mean): a variant's SCI next to the accuracy
 * it bought.
 *
 * <p>Two boundaries (issue #18), both in every row: {@code sci_gco2_per_inference} is the <b>device boundary</b> the
 * emission records carry (each inference's device time, transfers, embodied carbon); {@code sci_whole_gco2_per_inference}
 * is the <b>whole boundary</b>, adding the pipeline's own CPU (the control plane) and the devices' idle time, which
 * are measured per interval ({@code carbonedge.service-energy}) and shared out over served inferences: per hour for a
 * policy row (each hour's control-plane and idle carbon in proportion to the policy's share of that hour's OK
 * inferences), over the whole period for the other rows (their share of all OK inferences).
 */
public final class SciReport {

    /** Dimensions the report covers, in order. */
    public static final List<String> DIMENSIONS =
            List.of(DimensionKeys.POLICY, DimensionKeys.MODEL, DimensionKeys.MODEL_POLICY, DimensionKeys.FAMILY,
                    DimensionKeys.FAMILY_MODEL);

    public static final String FORMULA = "SCI = (E*I + M) / R";
    public static final String FUNCTIONAL_UNIT = "one OK inference";

    public static final List<String> CSV_HEADER = List.of("key", "dimension", "model", "policy", "r_inferences",
            "e_kwh", "i_gco2_per_kwh", "m_gco2", "sci_gco2_per_inference", "inferences_per_gram",
            "failed_inferences", "rejected_inferences", "deferred_inferences", "deferred_held_millis", "run_now_gco2",
            "saved_gco2", "family", "accuracy_inferences", "mean_accuracy", "control_plane_gco2", "idle_gco2",
            "sci_whole_gco2_per_inference", "control_plane_share");

    /** What {@code sci_gco2_per_inference} covers. */
    public static final String DEVICE_BOUNDARY = "device boundary: each inference's device time (x PUE), its transfers"
            + " and the embodied carbon of its device time";
    /** What {@code sci_whole_gco2_per_inference} covers. */
    public static final String WHOLE_BOUNDARY = "whole boundary: the device boundary plus the pipeline's own CPU"
            + " (broker, registry, validation, router, emissions job, executors' Kafka work) and the devices' idle time,"
            + " shared out over served inferences (per hour for policies, over the period otherwise)";

    private static final Set<String> COVERED = Set.copyOf(DIMENSIONS);

    private SciReport() {
    }

    /**
     * One line of the report. Undefined figures (no energy, no OK inference, no accuracy delivered) are NaN; columns
     * that are not part of the key (model, policy, family) are null.
     */
    public record Row(String key, String dimension, String model, String policy, long inferences, double energyKwh,
                      double gco2PerKwh, double embodiedGco2, double sciGco2PerInference,
                      double inferencesPerGram, long failedInferences, long rejectedInferences,
                      long deferredInferences, long deferredHeldMillis, double runNowGco2, double savedGco2,
                      String family, long accuracyInferences, double meanAccuracy, double controlPlaneGco2,
                      double idleGco2, double sciWholeGco2PerInference, double controlPlaneShare) {
    }

    /** The rows for the covered keys among {@code totals}, ordered by dimension then key. */
    public static List<Row> rows(Map<String, Totals> totals) {
        Totals all = totals.getOrDefault(DimensionKeys.ALL, Totals.EMPTY);
        Map<String, Totals> hours = DimensionKeys.only(totals, DimensionKeys.HOUR);
        List<Row> rows = new ArrayList<>();
        for (String dimension : DIMENSIONS) {
            DimensionKeys.only(totals, dimension).forEach((key, t) -> {
                double[] overhead = DimensionKeys.POLICY.equals(dimension)
                        ? hourlyShare(totals, hours, DimensionKeys.valueOf(key, DimensionKeys.POLICY))
                        : share(all, t.inferencesOk());
                rows.add(row(key, dimension, t, overhead[0], overhead[1]));
            });
        }
        return rows;
    }

    /** {control plane, idle} gCO2 of {@code total} for {@code ok} of its OK inferences. */
    private static double[] share(Totals total, long ok) {
        double f = total.inferencesOk() > 0 ? (double) ok / total.inferencesOk() : 0;
        return new double[]{total.controlPlaneGco2() * f, total.idleGco2() * f};
    }

    /** {control plane, idle} gCO2 of {@code policy}: each hour's, in proportion to its OK inferences of the hour. */
    private static double[] hourlyShare(Map<String, Totals> totals, Map<String, Totals> hours, String policy) {
        double controlPlane = 0;
        double idle = 0;
        for (Map.Entry<String, Totals> h : hours.entrySet()) {
            Totals ofPolicy = totals.get(h.getKey() + "|" + DimensionKeys.of(DimensionKeys.POLICY, policy));
            if (ofPolicy != null) {
                double[] s = share(h.getValue(), ofPolicy.inferencesOk());
                controlPlane += s[0];
                idle += s[1];
            }
        }
        return new double[]{controlPlane, idle};
    }

    static Row row(String key, String dimension, Totals t) {
        return row(key, dimension, t, 0, 0);
    }

    static Row row(String key, String dimension, Totals t, double controlPlaneGco2, double idleGco2) {
        if (!COVERED.contains(dimension)) {
            throw new IllegalArgumentException("the SCI report covers " + DIMENSIONS + ", not " + dimension);
        }
        double e = t.facilityEnergyKwh();
        double operational = t.operationalGco2() + t.transferGco2();
        double i = e > 0 ? operational / e : Double.NaN;
        long r = t.inferencesOk();
        double sci = r > 0 ? (operational + t.embodiedGco2()) / r : Double.NaN;
        double whole = operational + t.embodiedGco2() + controlPlaneGco2 + idleGco2;
        return new Row(key, dimension, DimensionKeys.valueOf(key, DimensionKeys.MODEL),
                DimensionKeys.valueOf(key, DimensionKeys.POLICY), r, e, i, t.embodiedGco2(), sci,
                t.inferencesPerGram(), t.inferencesFailed(), t.inferencesRejected(), t.deferredInferences(),
                t.deferredHeldMillis(), t.deferredRunNowGco2(), t.savedGco2(),
                DimensionKeys.valueOf(key, DimensionKeys.FAMILY), t.accuracyInferences(), t.meanAccuracy(),
                controlPlaneGco2, idleGco2, r > 0 ? whole / r : Double.NaN,
                whole > 0 ? controlPlaneGco2 / whole : Double.NaN);
    }

    /** The report as CSV, one row per key. */
    public static String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder(Csv.line(CSV_HEADER));
        for (Row row : rows) {
            out.append(Csv.line(List.of(row.key(), row.dimension(), nullToEmpty(row.model()),
                    nullToEmpty(row.policy()), Long.toString(row.inferences()), Csv.number(row.energyKwh()),
                    Csv.number(row.gco2PerKwh()), Csv.number(row.embodiedGco2()),
                    Csv.number(row.sciGco2PerInference()), Csv.number(row.inferencesPerGram()),
                    Long.toString(row.failedInferences()), Long.toString(row.rejectedInferences()),
                    Long.toString(row.deferredInferences()), Long.toString(row.deferredHeldMillis()),
                    Csv.number(row.runNowGco2()), Csv.number(row.savedGco2()), nullToEmpty(row.family()),
                    Long.toString(row.accuracyInferences()), Csv.number(row.meanAccuracy()),
                    Csv.number(row.controlPlaneGco2()), Csv.number(row.idleGco2()),
                    Csv.number(row.sciWholeGco2PerInference()), Csv.number(row.controlPlaneShare()))));
        }
        return out.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
