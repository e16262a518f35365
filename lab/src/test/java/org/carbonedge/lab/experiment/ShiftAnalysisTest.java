package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle, the figures per window and policy, and the report, on hand-made records. */
class ShiftAnalysisTest {

    private static final Instant T0 = Instant.parse("2023-11-20T00:00:00Z");
    /** 200, 100, 50, 400 gCO2/kWh in hours 0 to 3. */
    private static final List<GridIntensity> GRID = List.of(ForecastArgminTest.measured(0, 200),
            ForecastArgminTest.measured(1, 100), ForecastArgminTest.measured(2, 50), ForecastArgminTest.measured(3, 400));

    @TempDir
    Path dir;

    @Test
    void theOracleRunsEachRequestsMeasuredEnergyAtTheCleanestMomentOfItsWindow() {
        ShiftOracle oracle = new ShiftOracle(GRID);

        assertThat(oracle.lowestGco2PerKwh(T0, hour(1))).isEqualTo(200);
        assertThat(oracle.lowestGco2PerKwh(T0.plusSeconds(1800), hour(3))).isEqualTo(50);
        assertThat(oracle.lowestGco2PerKwh(hour(3), hour(5))).isEqualTo(400);
        assertThat(oracle.lowestGco2PerKwh(hour(9), hour(10))).isNaN();
        // 3.6 J at 200 g/kWh = 2e-4 g operational, 1e-4 g embodied: at 50 g/kWh, 5e-5 + 1e-4
        EmissionRecord r = record("a", T0, 200, 1e-4, 0);
        assertThat(oracle.gco2(r, T0, hour(3))).isCloseTo(1.5e-4, within(1e-12));
        assertThat(oracle.gco2(r, T0, hour(1))).isCloseTo(3e-4, within(1e-12));
        assertThat(oracle.gco2(record("b", hour(2), 50, 0, 0), T0, hour(4))).as("never above what it emitted")
                .isCloseTo(5e-5, within(1e-12));
        assertThat(oracle.gco2PerKwhAt(hour(1).plusSeconds(1))).isEqualTo(100);
        assertThat(oracle.gco2At(record("c", hour(2), 50, 1e-4, 0), T0.plusSeconds(60))).as("its energy at arrival")
                .isCloseTo(3e-4, within(1e-12));
    }

    @Test
    void figuresPerWindowAndPolicyAgainstRunNowAndTheOracle() throws Exception {
        Map<String, List<ShiftAnalysis.Request>> byPolicy = new LinkedHashMap<>();
        // two 4 h requests at hour 0: run-now at 200, argmin at 100, carbonedge at 50 (held 2 h) and 100 (held 1 h)
        byPolicy.put(ShiftAnalysis.RUN_NOW, List.of(request(4, record("r1", T0, 200, 0, 0)),
                request(4, record("r2", T0, 200, 0, 0))));
        byPolicy.put(ForecastArgmin.POLICY, List.of(request(4, record("f1", hour(1), 100, 0, 0)),
                request(4, record("f2", hour(1), 100, 0, 0))));
        EmissionRecord late = record("c2", hour(1), 100, 0, 1);
        late.setCompletedAt(hour(5)); // after its deadline at hour 4
        byPolicy.put(ShiftAnalysis.CARBONEDGE, List.of(request(4, record("c1", hour(2), 50, 0, 2)), request(4, late)));

        List<ShiftAnalysis.Row> rows = ShiftAnalysis.analyse(byPolicy, new ShiftOracle(GRID), Duration.ofHours(1));

        assertThat(rows).extracting(ShiftAnalysis.Row::policy).containsExactly("run-now", "forecast-argmin", "carbonedge",
                "oracle");
        ShiftAnalysis.Row runNow = rows.get(0);
        ShiftAnalysis.Row argmin = rows.get(1);
        ShiftAnalysis.Row carbonedge = rows.get(2);
        ShiftAnalysis.Row oracle = rows.get(3);
        assertThat(runNow.gco2PerInference()).isCloseTo(2e-4, within(1e-12));
        assertThat(oracle.gco2PerInference()).isCloseTo(5e-5, within(1e-12));
        assertThat(runNow.reductionVsRunNowPct()).isZero();
        assertThat(runNow.energyJoulesPerInference()).isEqualTo(3.6);
        assertThat(runNow.pctOfOracleSaving()).isZero();
        assertThat(argmin.reductionVsRunNowPct()).isCloseTo(50, within(1e-9));
        assertThat(argmin.pctOfOracleSaving()).isCloseTo(100 * (2e-4 - 1e-4) / (2e-4 - 5e-5), within(1e-9));
        assertThat(carbonedge.gco2PerInference()).isCloseTo(7.5e-5, within(1e-12));
        assertThat(carbonedge.pctOfOracleSaving()).isCloseTo(100 * (2e-4 - 7.5e-5) / (2e-4 - 5e-5), within(1e-9));
        assertThat(carbonedge.deadlinesMissed()).isEqualTo(1);
        assertThat(runNow.deadlinesMissed()).isZero();
        assertThat(carbonedge.held()).isEqualTo(2);
        assertThat(carbonedge.meanHeldGridHours()).isCloseTo(1.5, within(1e-9));
        assertThat(carbonedge.routerSavingGco2PerInference()).isCloseTo(2e-4 - 7.5e-5, within(1e-12));
        assertThat(runNow.routerSavingGco2PerInference()).isNaN();
        assertThat(runNow.peakInFlight()).as("both submitted at hour 0").isEqualTo(2);
        assertThat(carbonedge.peakInFlight()).as("the late one still running at the other's release").isEqualTo(2);
        assertThat(argmin.peakInFlight()).as("counted from submission when not held").isEqualTo(2);
        assertThat(ShiftAnalysis.pctOfOracleSaving(1, 1, 1)).as("nothing to save").isNaN();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShiftReport.print("GB", rows, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).contains(
                "experiment=shift zone=GB window_h=4 policy=carbonedge reduction_vs_run_now_pct=62.50"
                        + " pct_of_oracle_saving=83.3 deadlines_missed=1 gco2_per_inference=7.500e-05 inferences=2"
                        + " failed=0 held=2 mean_held_grid_h=1.50 raw_reduction_vs_run_now_pct=62.50");
        List<Path> files = ShiftReport.write("GB", rows, List.of("setup"), GRID, List.of(), dir, T0, hour(2));
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("shift-GB-20231120T0000Z-20231120T0200Z.csv", "shift-GB-20231120T0000Z-20231120T0200Z.html");
        List<String> csv = Files.readAllLines(files.get(0));
        assertThat(csv.get(0)).isEqualTo(String.join(",", ShiftReport.HEADER));
        assertThat(csv).hasSize(5).allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(ShiftReport.HEADER.size()));
        assertThat(csv.get(3)).startsWith("4,carbonedge,2,2,7.50000e-05,3.60000,62.50,62.50,83.33,1,0,2,1.500,");
        assertThat(Files.readString(files.get(1))).contains("<table", "carbonedge", "setup");
    }

    private static Instant hour(int h) {
        return T0.plus(Duration.ofHours(h));
    }

    private static ShiftAnalysis.Request request(int windowHours, EmissionRecord r) {
        return new ShiftAnalysis.Request(windowHours, T0, T0.plus(Duration.ofHours(windowHours)), r);
    }

    /** 3.6 J run at {@code startedAt} with {@code gco2PerKwh}, held {@code heldHours} (router's run-now at 200). */
    private static EmissionRecord record(String id, Instant startedAt, double gco2PerKwh, double embodied, int heldHours) {
        double operational = 3.6 / 3.6e6 * gco2PerKwh;
        List<StageEmission> parts = new ArrayList<>(List.of(StageEmission.newBuilder().setStageIndex(0).setDeviceId("d")
                .setZone("GB").setFirstPartition(0).setLastPartition(0).setStartedAt(startedAt).setComputeMillis(1)
                .setEnergyJoules(3.6).setGco2PerKwh(gco2PerKwh).setIntensityKind(IntensityKind.MEASURED)
                .setGco2(operational).build()));
        return EmissionRecord.newBuilder().setRequestId(id).setModelId("m").setPolicy("green")
                .setStatus(InferenceStatus.OK).setReason(null).setSubmittedAt(T0).setCompletedAt(startedAt.plusMillis(40))
                .setLatencyMillis(40).setSchedulingNanos(1000).setParts(parts).setTransfers(List.of())
                .setEnergyJoules(3.6).setOperationalGco2(operational).setTransferGco2(0).setEmbodiedGco2(embodied)
                .setTotalGco2(operational + embodied).setMarginalGco2(null).setSignal(SignalType.AVERAGE)
                .setIntensityKind(IntensityKind.MEASURED).setPue(1.0).setAttributes(Map.of())
                .setHeldMillis(heldHours * 3_600_000L).setReleasedAt(heldHours > 0 ? startedAt : null)
                .setRunNowGco2(heldHours > 0 ? 2e-4 + embodied : null).build();
    }
}
