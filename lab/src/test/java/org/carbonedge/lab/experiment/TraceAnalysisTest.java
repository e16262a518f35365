package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.core.carbon.Intensity;
import org.carbonedge.core.carbon.IntensityLookup;
import org.junit.jupiter.api.Test;

/** Per-policy and per-hour results from hand-made emission records: two grid hours of 2 s, zones DE and ES. */
class TraceAnalysisTest {

    private static final Instant WALL = Instant.parse("2026-01-01T12:00:00Z");
    private static final TraceTimeline TIMELINE = new TraceTimeline(Instant.parse("2023-11-19T00:00:00Z"),
            Instant.parse("2023-11-19T02:00:00Z"), WALL, Duration.ofSeconds(2));
    /** DE 300 gCO2/kWh, ES 100 in hour 0 and 400 in hour 1. */
    private static final IntensityLookup GRID = (zone, signal, t) -> Optional.of(new Intensity(
            zone.equals("DE") ? 300 : t.isBefore(WALL.plusSeconds(2)) ? 100 : 400, IntensityKind.MEASURED, SignalType.AVERAGE, "test"));
    /** 3.6 J everywhere: 1e-6 g per gCO2/kWh. */
    private static final HindsightOracle ORACLE = new HindsightOracle(List.of(
            new HindsightOracle.DeviceCost("high", "DE", 3.6, 0, 4), new HindsightOracle.DeviceCost("green", "ES", 3.6, 0, 4)),
            GRID, HindsightOracle.Availability.ALWAYS, 1.0);

    @Test
    void comparesEachPolicyWithTheOracleOnItsOwnInferencesAndWithCarbonAgnostic() {
        Map<String, List<EmissionRecord>> byPolicy = new LinkedHashMap<>();
        byPolicy.put("carbon-agnostic", List.of(
                record("a1", WALL.plusMillis(500), 3e-4, stage("high", "DE", 0, 2)),
                record("a2", WALL.plusMillis(2500), 3e-4, stage("high", "DE", 0, 2))));
        byPolicy.put("green", List.of(
                record("g1", WALL.plusMillis(600), 1e-4, stage("green", "ES", 0, 2)),
                record("g2", WALL.plusMillis(2600), 3.5e-4, stage("green", "ES", 0, 0), stage("high", "DE", 1, 2))));

        TraceAnalysis.Result r = TraceAnalysis.analyse(byPolicy, List.of("DE", "ES"), ORACLE, GRID, TIMELINE);

        TraceAnalysis.Row agnostic = r.row("carbon-agnostic");
        assertThat(agnostic.gco2PerInference()).isCloseTo(3e-4, within(1e-12));
        assertThat(agnostic.oracleGco2PerInference()).isCloseTo(2e-4, within(1e-12)); // ES 1e-4 in hour 0, DE 3e-4 in hour 1
        assertThat(agnostic.pctOfOracle()).isCloseTo(150, within(1e-9));
        assertThat(agnostic.pctOfCarbonAgnostic()).isCloseTo(100, within(1e-9));
        assertThat(agnostic.zoneShare()).containsEntry("DE", 1.0).containsEntry("ES", 0.0);

        TraceAnalysis.Row green = r.row("green");
        assertThat(green.gco2PerInference()).isCloseTo(2.25e-4, within(1e-12));
        assertThat(green.oracleGco2PerInference()).isCloseTo(2e-4, within(1e-12));
        assertThat(green.pctOfOracle()).isCloseTo(112.5, within(1e-9));
        assertThat(green.pctOfCarbonAgnostic()).isCloseTo(75, within(1e-9));
        assertThat(green.zoneShare().get("ES")).isCloseTo(2 / 3.0, within(1e-12)); // 1 + 1/3 of 2 inferences
        assertThat(green.p50Millis()).isEqualTo(40.0);

        TraceAnalysis.Row oracle = r.row(TraceAnalysis.ORACLE);
        assertThat(oracle.ok()).isEqualTo(4);
        assertThat(oracle.gco2PerInference()).isCloseTo(2e-4, within(1e-12));
        assertThat(oracle.pctOfCarbonAgnostic()).isCloseTo(200 / 3.0, within(1e-9));
        assertThat(oracle.zoneShare()).containsEntry("DE", 0.5).containsEntry("ES", 0.5);

        assertThat(r.hours()).hasSize(2);
        assertThat(r.hours().get(0).gco2PerKwh()).containsEntry("DE", 300.0).containsEntry("ES", 100.0);
        assertThat(r.hours().get(0).oracleZone()).isEqualTo("ES");
        assertThat(r.hours().get(1).oracleZone()).isEqualTo("DE");
        assertThat(r.hours().get(1).shareByPolicy().get("green").get("DE")).isCloseTo(2 / 3.0, within(1e-12));
    }

    private static StageEmission stage(String device, String zone, int first, int last) {
        return StageEmission.newBuilder().setStageIndex(0).setDeviceId(device).setZone(zone).setFirstPartition(first)
                .setLastPartition(last).setStartedAt(WALL).setComputeMillis(1).setEnergyJoules(3.6).setGco2PerKwh(0)
                .setIntensityKind(IntensityKind.MEASURED).setGco2(0).build();
    }

    private static EmissionRecord record(String id, Instant startedAt, double gco2, StageEmission... stages) {
        List<StageEmission> parts = List.of(stages);
        parts.forEach(s -> s.setStartedAt(startedAt));
        return EmissionRecord.newBuilder().setRequestId(id).setModelId("m").setPolicy("p").setStatus(InferenceStatus.OK)
                .setReason(null).setSubmittedAt(startedAt).setCompletedAt(startedAt.plusMillis(40)).setLatencyMillis(40)
                .setSchedulingNanos(1000).setParts(parts).setTransfers(List.of()).setEnergyJoules(3.6)
                .setOperationalGco2(gco2).setTransferGco2(0).setEmbodiedGco2(0).setTotalGco2(gco2).setMarginalGco2(null)
                .setSignal(SignalType.AVERAGE).setIntensityKind(IntensityKind.MEASURED).setPue(1.0)
                .setAttributes(Map.of()).build();
    }
}
