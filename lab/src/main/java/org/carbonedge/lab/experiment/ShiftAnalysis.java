package org.carbonedge.lab.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;

/**
 * Turns a shift run's emission records into its results, per deadline window and policy: gCO2 per inference, the
 * reduction against running at once, the share of the oracle's saving achieved, deadlines missed, how long requests
 * were held and how many ran at the same time. Plain Java over the records.
 */
final class ShiftAnalysis {

    static final String RUN_NOW = "run-now";
    static final String CARBONEDGE = "carbonedge";
    static final String ORACLE = "oracle";
    /** The policies, in report order; the oracle's row follows them in each window. */
    static final List<String> POLICIES = List.of(RUN_NOW, ForecastArgmin.POLICY, CARBONEDGE);

    /** One request a policy sent: its arrival and deadline (wall time) and its emission record. */
    record Request(int windowHours, Instant arrivalAt, Instant deadlineAt, EmissionRecord record) {
    }

    /**
     * One policy (or the oracle) in one window. Each request is also priced twice more with its own measured energy
     * (stages' energy × PUE; embodied and transfers as they were): at the intensity measured at its arrival (had it
     * run at once) and at the lowest of its window (the oracle). The reductions compare those sums request by
     * request, so the noise of measured energy between policies' requests (CPU time varies with what else the host
     * runs) does not count as carbon saved or lost; the raw means are reported beside them.
     *
     * @param gco2PerInference           mean total emissions of the OK requests, as their records say
     * @param energyJoulesPerInference   mean measured energy of the OK requests
     * @param rawReductionVsRunNowPct    {@code 100 × (run-now's gco2PerInference - this one's) / run-now's}
     * @param reductionVsRunNowPct       {@code 100 × (Σ at arrival - Σ actual) / Σ at arrival} over these requests
     * @param pctOfOracleSaving          {@code 100 × (Σ at arrival - Σ actual) / (Σ at arrival - Σ oracle)}: the
     *                                   share of the oracle's saving achieved; NaN when the oracle saves nothing
     * @param deadlinesMissed            OK requests completed after their deadline
     * @param failed                     requests that did not complete OK (rejected, failed)
     * @param held                       requests the router released later than it first decided
     * @param meanHeldGridHours          mean hold over all OK requests, grid hours
     * @param routerSavingGco2PerInference mean of the emission records' {@code runNowGco2 - totalGco2} (the
     *                                   router's counterfactual: the same energy at the intensities when it first
     *                                   decided); NaN without any
     * @param peakInFlight               most of these requests at once between their release (their submission when
     *                                   not held) and their completion: the backlog the policy put on the devices
     */
    record Row(int windowHours, String policy, int requests, int ok, double gco2PerInference,
               double energyJoulesPerInference, double rawReductionVsRunNowPct, double reductionVsRunNowPct,
               double pctOfOracleSaving, int deadlinesMissed, int failed, int held, double meanHeldGridHours,
               double routerSavingGco2PerInference, int peakInFlight) {
    }

    private ShiftAnalysis() {
    }

    /**
     * @param byPolicy        each of {@link #POLICIES}' requests (all windows)
     * @param oracle          the measured intensities
     * @param wallPerGridHour the run's compression, to state holds in grid hours
     */
    static List<Row> analyse(Map<String, List<Request>> byPolicy, ShiftOracle oracle, Duration wallPerGridHour) {
        TreeSet<Integer> windows = new TreeSet<>();
        byPolicy.values().forEach(list -> list.forEach(r -> windows.add(r.windowHours())));
        List<Row> rows = new ArrayList<>();
        for (int w : windows) {
            List<Request> runNow = ok(inWindow(byPolicy.get(RUN_NOW), w));
            double runNowGco2 = mean(runNow.stream().mapToDouble(r -> r.record().getTotalGco2()).toArray());
            for (String policy : POLICIES) {
                rows.add(row(w, policy, inWindow(byPolicy.get(policy), w), runNowGco2, oracle, wallPerGridHour));
            }
            double[] atArrival = priced(runNow, oracle, false);
            double[] best = priced(runNow, oracle, true);
            double oracleGco2 = mean(best);
            rows.add(new Row(w, ORACLE, runNow.size(), runNow.size(), oracleGco2,
                    mean(runNow.stream().mapToDouble(r -> r.record().getEnergyJoules()).toArray()),
                    reduction(runNowGco2, oracleGco2), reduction(sum(atArrival), sum(best)),
                    runNow.isEmpty() ? Double.NaN : 100, 0, 0, 0, Double.NaN, Double.NaN, 0));
        }
        return rows;
    }

    private static Row row(int window, String policy, List<Request> requests, double runNowGco2, ShiftOracle oracle,
                           Duration wallPerGridHour) {
        List<Request> ok = ok(requests);
        double[] actual = ok.stream().mapToDouble(r -> r.record().getTotalGco2()).toArray();
        double[] atArrival = priced(ok, oracle, false);
        double[] best = priced(ok, oracle, true);
        double gco2 = mean(actual);
        int missed = (int) ok.stream().filter(r -> r.record().getCompletedAt().isAfter(r.deadlineAt())).count();
        int held = (int) ok.stream().filter(r -> r.record().getHeldMillis() > 0).count();
        double heldHours = ok.stream().mapToDouble(r -> r.record().getHeldMillis()).average().orElse(Double.NaN)
                / wallPerGridHour.toMillis();
        double routerSaving = mean(ok.stream().filter(r -> r.record().getRunNowGco2() != null)
                .mapToDouble(r -> r.record().getRunNowGco2() - r.record().getTotalGco2()).toArray());
        return new Row(window, policy, requests.size(), ok.size(), gco2,
                mean(ok.stream().mapToDouble(r -> r.record().getEnergyJoules()).toArray()), reduction(runNowGco2, gco2),
                reduction(sum(atArrival), sum(actual)), pctOfOracleSaving(sum(atArrival), sum(actual), sum(best)),
                missed, requests.size() - ok.size(), held, heldHours, routerSaving, peakInFlight(ok));
    }

    /** Each request priced with its own energy at its arrival's intensity, or at its window's lowest. */
    private static double[] priced(List<Request> ok, ShiftOracle oracle, boolean lowest) {
        return ok.stream().mapToDouble(r -> lowest ? oracle.gco2(r.record(), r.arrivalAt(), r.deadlineAt())
                : oracle.gco2At(r.record(), r.arrivalAt())).toArray();
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /** {@code 100 × (runNow - policy) / (runNow - oracle)}; NaN when the oracle saves nothing. */
    static double pctOfOracleSaving(double runNow, double policy, double oracle) {
        double possible = runNow - oracle;
        return possible > 0 ? 100 * (runNow - policy) / possible : Double.NaN;
    }

    private static double reduction(double runNow, double policy) {
        return 100 * (runNow - policy) / runNow;
    }

    /** Most requests at once between their release (or submission) and their completion. */
    static int peakInFlight(List<Request> ok) {
        List<long[]> events = new ArrayList<>();
        for (Request r : ok) {
            Instant released = r.record().getReleasedAt();
            events.add(new long[] {(released != null ? released : r.record().getSubmittedAt()).toEpochMilli(), 1});
            events.add(new long[] {r.record().getCompletedAt().toEpochMilli(), -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int peak = 0;
        for (long[] e : events) {
            now += (int) e[1];
            peak = Math.max(peak, now);
        }
        return peak;
    }

    private static List<Request> inWindow(List<Request> requests, int window) {
        if (requests == null) {
            throw new IllegalArgumentException("no requests for a policy");
        }
        return requests.stream().filter(r -> r.windowHours() == window).toList();
    }

    private static List<Request> ok(List<Request> requests) {
        return requests.stream().filter(r -> r.record().getStatus() == InferenceStatus.OK
                && !r.record().getParts().isEmpty()).toList();
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
