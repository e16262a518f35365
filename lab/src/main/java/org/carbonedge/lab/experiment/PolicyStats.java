package org.carbonedge.lab.experiment;

import org.carbonedge.lab.Percentiles;
import org.carbonedge.lab.stats.Interval;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;

/**
 * What one policy achieved over a run of requests: latency percentiles, throughput, carbon per inference,
 * inferences per gram and the planner's time per decision. Throughput counts the time the policy had a request in
 * flight (the union of its requests' submission-to-completion intervals): for a closed loop that is the run's span,
 * for requests sent one at a time — also when interleaved with other policies' — it is their summed latency.
 * Carbon per inference is the mean (what a ledger adds up) with the half-width of its 95% interval (Student's t),
 * the median latency with its distribution-free 95% interval: the
 * same plan measures a few percent apart from run to run, as the CPU time of an inference varies with the host's other
 * work (two cores shared by broker, jobs and executors), and two means closer than their intervals are not different.
 */
record PolicyStats(String label, int requests, int ok, double p50Millis, double p95Millis, double perSecond,
                   double gco2PerInference, double gco2Ci95, double energyJoulesPerInference, double schedulingMicros,
                   String placement, Interval latencyP50, String placements) {

    /** Figures without the median latency's interval. */
    PolicyStats(String label, int requests, int ok, double p50Millis, double p95Millis, double perSecond,
                double gco2PerInference, double gco2Ci95, double energyJoulesPerInference, double schedulingMicros,
                String placement) {
        this(label, requests, ok, p50Millis, p95Millis, perSecond, gco2PerInference, gco2Ci95, energyJoulesPerInference,
                schedulingMicros, placement, new Interval(p50Millis, Double.NaN, Double.NaN), placement);
    }

    static PolicyStats of(String label, List<EmissionRecord> records) {
        double[] latency = records.stream().mapToDouble(EmissionRecord::getLatencyMillis).sorted().toArray();
        List<EmissionRecord> ok = records.stream().filter(r -> r.getStatus() == InferenceStatus.OK).toList();
        double seconds = busySeconds(records);
        Interval grams = Interval.ofMean(ok.stream().mapToDouble(EmissionRecord::getTotalGco2).toArray());
        double gco2 = grams.estimate();
        double gco2Ci95 = grams.halfWidth();
        Interval median = Interval.ofMedian(latency);
        double joules = ok.stream().mapToDouble(EmissionRecord::getEnergyJoules).average().orElse(Double.NaN);
        double sched = ok.stream().mapToDouble(r -> r.getSchedulingNanos() / 1e3).average().orElse(Double.NaN);
        String placement = ok.isEmpty() ? "-" : commonPlacement(ok);
        return new PolicyStats(label, records.size(), ok.size(), Percentiles.of(latency, 50), Percentiles.of(latency, 95),
                records.size() / Math.max(seconds, 1e-9), gco2, gco2Ci95, joules, sched, placement,
                new Interval(Percentiles.of(latency, 50), median.low(), median.high()),
                ok.isEmpty() ? "-" : allPlacements(ok));
    }

    /** Every placement the requests got with how many got it, most common first, e.g. {@code a[0-7] ×58, b[0-7] ×2}. */
    static String allPlacements(List<EmissionRecord> ok) {
        Map<String, Long> counts = ok.stream().collect(Collectors.groupingBy(PolicyStats::placement, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Carbon per inference with its 95% interval. */
    Interval gco2() {
        return new Interval(gco2PerInference, gco2PerInference - gco2Ci95, gco2PerInference + gco2Ci95);
    }

    /** Half-width of the 95% interval of the mean of {@code values} (Student's t); NaN below 2. */
    static double ci95(double[] values) {
        return Interval.ofMean(values).halfWidth();
    }

    /** Seconds during which at least one of {@code records} was between submission and completion. */
    static double busySeconds(List<EmissionRecord> records) {
        List<EmissionRecord> bySubmission = records.stream()
                .sorted(Comparator.comparing(EmissionRecord::getSubmittedAt)).toList();
        double seconds = 0;
        Instant start = null;
        Instant end = null;
        for (EmissionRecord r : bySubmission) {
            if (end == null || r.getSubmittedAt().isAfter(end)) {
                if (end != null) {
                    seconds += Duration.between(start, end).toNanos() / 1e9;
                }
                start = r.getSubmittedAt();
                end = r.getCompletedAt();
            } else if (r.getCompletedAt().isAfter(end)) {
                end = r.getCompletedAt();
            }
        }
        return end == null ? 0 : seconds + Duration.between(start, end).toNanos() / 1e9;
    }

    /**
     * The placement most requests got; when they did not all get it, followed by how many did, e.g.
     * {@code edge-high[0-2] (31/40)}.
     */
    static String commonPlacement(List<EmissionRecord> ok) {
        Map<String, Long> counts = ok.stream().collect(Collectors.groupingBy(PolicyStats::placement, Collectors.counting()));
        Map.Entry<String, Long> top = counts.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey())).orElseThrow();
        return top.getValue() == ok.size() ? top.getKey() : top.getKey() + " (" + top.getValue() + "/" + ok.size() + ")";
    }

    /** Devices and partition ranges of a record, e.g. {@code edge-green[0-5] edge-high[6-7]}. */
    static String placement(EmissionRecord r) {
        StringBuilder s = new StringBuilder();
        r.getParts().forEach(p -> s.append(s.length() == 0 ? "" : " ").append(p.getDeviceId()).append('[')
                .append(p.getFirstPartition()).append('-').append(p.getLastPartition()).append(']'));
        return s.toString();
    }

    double inferencesPerGram() {
        return 1 / gco2PerInference;
    }
}
