package org.carbonedge.lab.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.core.carbon.Intensity;
import org.carbonedge.core.carbon.IntensityLookup;

/**
 * Turns a trace run's emission records into its results: per policy gCO2 per inference, as a percentage of the
 * hindsight oracle's on the same inferences and of carbon-agnostic routing, latency and where the inferences ran;
 * and per grid hour the zones' intensities and each policy's placement. Plain Java over the records.
 */
public final class TraceAnalysis {

    /** Label of the oracle's row. */
    public static final String ORACLE = "oracle";
    /** The policy percentages are relative to, besides the oracle. */
    static final String CARBON_AGNOSTIC = "carbon-agnostic";

    /**
     * One policy's (or the oracle's) results.
     *
     * @param oracleGco2PerInference the oracle's gCO2 per inference over this policy's OK inferences
     * @param zoneShare              per zone, the share of OK inferences run there (a split inference counts by
     *                               its partitions)
     */
    record Row(String label, int requests, int ok, double gco2PerInference, double oracleGco2PerInference,
               double pctOfOracle, double pctOfCarbonAgnostic, double p50Millis, double p95Millis,
               double energyJoulesPerInference, Map<String, Double> zoneShare) {
    }

    /**
     * One grid hour.
     *
     * @param gco2PerKwh  intensity of each zone during the hour
     * @param oracleZone  where the oracle runs the model during the hour
     * @param shareByPolicy per policy, per zone, the share of the hour's OK inferences run there (no entry when the
     *                      policy ran none in the hour)
     */
    record Hour(Instant gridHour, Map<String, Double> gco2PerKwh, String oracleZone,
                Map<String, Map<String, Double>> shareByPolicy) {
    }

    record Result(List<Row> rows, List<Hour> hours) {
        Row row(String label) {
            return rows.stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow();
        }
    }

    private TraceAnalysis() {
    }

    /**
     * @param byPolicy  each policy's records, in the order to report them; must include {@value #CARBON_AGNOSTIC}
     * @param zones     the device zones, in report order
     * @param oracle    the oracle over the run's measured costs and intensities
     * @param intensity the intensities that were valid (wall time)
     * @param timeline  the run's compression of grid time
     */
    static Result analyse(Map<String, List<EmissionRecord>> byPolicy, List<String> zones, HindsightOracle oracle,
                          IntensityLookup intensity, TraceTimeline timeline) {
        List<Row> rows = new ArrayList<>();
        double agnostic = policyRow(CARBON_AGNOSTIC, byPolicy.get(CARBON_AGNOSTIC), zones, oracle, Double.NaN).gco2PerInference();
        double oracleSum = 0;
        int oracleCount = 0;
        double oracleEnergy = 0;
        Map<String, Double> oracleZones = emptyShares(zones);
        for (Map.Entry<String, List<EmissionRecord>> e : byPolicy.entrySet()) {
            Row row = policyRow(e.getKey(), e.getValue(), zones, oracle, agnostic);
            rows.add(row);
            if (row.ok() > 0) {
                oracleSum += row.oracleGco2PerInference() * row.ok();
                oracleCount += row.ok();
            }
            for (EmissionRecord r : ok(e.getValue())) {
                Optional<HindsightOracle.Choice> best = oracle.best(executedAt(r));
                if (best.isPresent()) {
                    oracleZones.merge(best.get().zone(), 1.0, Double::sum);
                    oracleEnergy += best.get().energyJoules();
                }
            }
        }
        double oracleMean = oracleSum / oracleCount;
        rows.add(new Row(ORACLE, oracleCount, oracleCount, oracleMean, oracleMean, 100, 100 * oracleMean / agnostic,
                Double.NaN, Double.NaN, oracleEnergy / oracleCount, normalised(oracleZones)));
        return new Result(rows, hours(byPolicy, zones, oracle, intensity, timeline));
    }

    private static Row policyRow(String label, List<EmissionRecord> records, List<String> zones, HindsightOracle oracle,
                                 double agnosticGco2) {
        if (records == null || records.isEmpty()) {
            throw new IllegalArgumentException("no records for policy " + label);
        }
        PolicyStats stats = PolicyStats.of(label, records);
        List<EmissionRecord> ok = ok(records);
        double oracleMean = oracle.gco2PerInference(ok.stream()
                .map(r -> new HindsightOracle.Inference(executedAt(r), r.getTotalGco2())).toList());
        Map<String, Double> shares = emptyShares(zones);
        ok.forEach(r -> addShares(r, shares));
        return new Row(label, stats.requests(), stats.ok(), stats.gco2PerInference(), oracleMean,
                100 * stats.gco2PerInference() / oracleMean, 100 * stats.gco2PerInference() / agnosticGco2,
                stats.p50Millis(), stats.p95Millis(), stats.energyJoulesPerInference(), normalised(shares));
    }

    private static List<Hour> hours(Map<String, List<EmissionRecord>> byPolicy, List<String> zones,
                                    HindsightOracle oracle, IntensityLookup intensity, TraceTimeline timeline) {
        List<Hour> hours = new ArrayList<>();
        for (int h = 0; h < timeline.hours(); h++) {
            Instant middle = timeline.toWall(timeline.gridHour(h).plusSeconds(1800));
            Map<String, Double> gco2 = new LinkedHashMap<>();
            for (String zone : zones) {
                gco2.put(zone, intensity.at(zone, SignalType.AVERAGE, middle).map(Intensity::gco2PerKwh).orElse(Double.NaN));
            }
            Optional<HindsightOracle.Choice> best = oracle.best(middle);
            hours.add(new Hour(timeline.gridHour(h), gco2, best.map(HindsightOracle.Choice::zone).orElse(""),
                    new LinkedHashMap<>()));
        }
        byPolicy.forEach((label, records) -> {
            List<Map<String, Double>> perHour = new ArrayList<>();
            for (int h = 0; h < hours.size(); h++) {
                perHour.add(emptyShares(zones));
            }
            for (EmissionRecord r : ok(records)) {
                int h = timeline.hourAt(executedAt(r));
                if (h >= 0) {
                    addShares(r, perHour.get(h));
                }
            }
            for (int h = 0; h < hours.size(); h++) {
                Map<String, Double> shares = perHour.get(h);
                if (shares.values().stream().mapToDouble(Double::doubleValue).sum() > 0) {
                    hours.get(h).shareByPolicy().put(label, normalised(shares));
                }
            }
        });
        return hours;
    }

    /** When an inference ran: its first stage's start. */
    static Instant executedAt(EmissionRecord r) {
        return r.getParts().get(0).getStartedAt();
    }

    private static List<EmissionRecord> ok(List<EmissionRecord> records) {
        return records.stream().filter(r -> r.getStatus() == InferenceStatus.OK && !r.getParts().isEmpty()).toList();
    }

    /** Adds one inference to {@code shares}, split over its zones by partitions. */
    private static void addShares(EmissionRecord r, Map<String, Double> shares) {
        int partitions = 0;
        for (StageEmission s : r.getParts()) {
            partitions += s.getLastPartition() - s.getFirstPartition() + 1;
        }
        for (StageEmission s : r.getParts()) {
            shares.merge(s.getZone(), (s.getLastPartition() - s.getFirstPartition() + 1) / (double) partitions, Double::sum);
        }
    }

    private static Map<String, Double> emptyShares(List<String> zones) {
        Map<String, Double> shares = new LinkedHashMap<>();
        zones.forEach(z -> shares.put(z, 0.0));
        return shares;
    }

    private static Map<String, Double> normalised(Map<String, Double> counts) {
        double total = counts.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((zone, n) -> out.put(zone, total > 0 ? n / total : 0.0));
        return out;
    }
}
