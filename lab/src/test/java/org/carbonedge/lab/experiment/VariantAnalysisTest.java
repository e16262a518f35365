package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variants experiment's figures and report, on hand-made records. */
class VariantAnalysisTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, Double> PUBLISHED = Map.of("mobilenetv2", 0.72, "mobilenetv2-w075", 0.698,
            "mobilenetv2-w050", 0.654);
    private static final Duration WINDOW = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void figuresAgainstTheFullModelOnTheSameDevices() {
        Map<VariantAnalysis.Workload, List<EmissionRecord>> records = new LinkedHashMap<>();
        records.put(VariantAnalysis.Workload.FULL, List.of(record("f1", "mobilenetv2", null, 4e-4, 10, 0),
                record("f2", "mobilenetv2", null, 6e-4, 30, 0)));
        records.put(VariantAnalysis.Workload.floor(0.69), List.of(record("a", "mobilenetv2-w075", 0.698, 3e-4, 8, 0),
                record("b", "mobilenetv2", 0.72, 4e-4, 12, 0), failed("c")));
        records.put(VariantAnalysis.Workload.floor(0.65), List.of(record("d", "mobilenetv2-w050", 0.654, 2e-4, 5, 0)));

        List<VariantAnalysis.Row> rows = VariantAnalysis.analyse("paper", records, PUBLISHED::get, WINDOW);

        VariantAnalysis.Row full = rows.get(0);
        assertThat(full.gco2PerInference()).isCloseTo(5e-4, within(1e-12));
        assertThat(full.reductionVsFullPct()).isCloseTo(0, within(1e-9));
        assertThat(full.accuracyMean()).as("the baseline's records carry no accuracy: the model's published one")
                .isCloseTo(0.72, within(1e-12));
        assertThat(full.latencyMeanMillis()).isEqualTo(20);
        assertThat(full.latencyP95Millis()).isEqualTo(30);
        VariantAnalysis.Row f70 = rows.get(1);
        assertThat(f70.requests()).isEqualTo(3);
        assertThat(f70.ok()).isEqualTo(2);
        assertThat(f70.notOk()).isEqualTo(1);
        assertThat(f70.gco2PerInference()).isCloseTo(3.5e-4, within(1e-12));
        assertThat(f70.reductionVsFullPct()).isCloseTo(30, within(1e-9));
        assertThat(f70.accuracyMean()).isCloseTo(0.709, within(1e-12));
        assertThat(f70.belowFloor()).isZero();
        assertThat(f70.mix()).containsExactly(Map.entry("mobilenetv2", 1), Map.entry("mobilenetv2-w075", 1));
        assertThat(rows.get(2).reductionVsFullPct()).isCloseTo(60, within(1e-9));
        assertThat(VariantAnalysis.line("GB", f70)).startsWith("experiment=variants floor=0.69 gco2_per_inference=0.0003500"
                + " reduction_vs_full_pct=30.00 accuracy_mean=0.7090 below_floor=0 devices=paper zone=GB");
    }

    @Test
    void countsRequestsServedBelowTheirFloorAndThoseOfUnknownAccuracy() {
        Map<VariantAnalysis.Workload, List<EmissionRecord>> records = new LinkedHashMap<>();
        records.put(VariantAnalysis.Workload.floor(0.72), List.of(record("a", "mobilenetv2-w075", 0.698, 3e-4, 8, 0),
                record("b", "mobilenetv2", 0.72, 4e-4, 8, 0), record("c", "unknown", null, 4e-4, 8, 0)));

        VariantAnalysis.Row row = VariantAnalysis.analyse("edge", records, PUBLISHED::get, WINDOW).get(0);

        assertThat(row.belowFloor()).isEqualTo(2);
        assertThat(row.reductionVsFullPct()).as("no baseline").isNaN();
    }

    @Test
    void anObjectivesAttainmentPerWindow() {
        Map<VariantAnalysis.Workload, List<EmissionRecord>> records = new LinkedHashMap<>();
        // window 0: 0.72 and 0.698 → 0.709 ≥ 0.70; window 1: 0.654 and 0.72 → 0.687 < 0.70
        records.put(VariantAnalysis.Workload.objective(0.70), List.of(record("a", "mobilenetv2", 0.72, 4e-4, 8, 0),
                record("b", "mobilenetv2-w075", 0.698, 3e-4, 8, 3_999), record("c", "mobilenetv2-w050", 0.654, 2e-4, 8, 4_000),
                record("d", "mobilenetv2", 0.72, 4e-4, 8, 7_000)));

        VariantAnalysis.Row row = VariantAnalysis.analyse("paper", records, PUBLISHED::get, WINDOW).get(0);

        assertThat(row.windows()).isEqualTo(2);
        assertThat(row.windowsMet()).isEqualTo(1);
        assertThat(row.minWindowMean()).isCloseTo(0.687, within(1e-12));
        assertThat(row.belowFloor()).isZero();
        // per variant: 0.72 at 4e-4, 0.698 at 3e-4, 0.654 at 2e-4; the cheapest mix meeting 0.70 is 0.698/0.72 at
        // p = (0.70 - 0.698) / 0.022 = 1/11: 3e-4 + 1e-4 / 11; paid 3.25e-4
        assertThat(row.staticMixGco2()).isCloseTo(3e-4 + 1e-4 / 11, within(1e-12));
        assertThat(row.vsStaticMixPct()).isCloseTo(100 * (row.staticMixGco2() - 3.25e-4) / row.staticMixGco2(),
                within(1e-9));
        // in whole requests, two per window: one 0.72 and one 0.698 (mean 0.709) is the cheapest meeting 0.70
        assertThat(row.windowMixGco2()).isCloseTo(3.5e-4, within(1e-12));
        assertThat(row.vsWindowMixPct()).isCloseTo(100 * (3.5e-4 - 3.25e-4) / 3.5e-4, within(1e-9));
        assertThat(VariantAnalysis.line("GB", row)).contains(" window_mix_gco2_per_inference=0.0003500 vs_window_mix_pct=7.14");
        assertThat(VariantAnalysis.line("GB", row)).startsWith("experiment=variants objective=0.70 ")
                .contains(" below_floor=0 windows=2 windows_met=1 min_window_accuracy=0.6870 static_mix_gco2_per_inference=");
        assertThat(VariantAnalysis.Workload.objective(0.71).label()).isEqualTo("tenant=exp-0.71");
        assertThat(VariantAnalysis.Workload.floor(0.695).key()).as("a floor is not rounded").isEqualTo("floor=0.695");
        assertThat(VariantAnalysis.Workload.floor(0.7).key()).isEqualTo("floor=0.70");
    }

    @Test
    void aRequestCountsInTheWindowTheRouterPlannedItIn() {
        // submitted at 3.9 s, planned at 4.1 s: the router counted it in the second window, with "c"
        EmissionRecord late = record("b", "mobilenetv2-w075", 0.698, 3e-4, 8, 3_900);
        late.setPlannedAt(T0.plusMillis(4_100));
        Map<VariantAnalysis.Workload, List<EmissionRecord>> records = Map.of(VariantAnalysis.Workload.objective(0.70),
                List.of(record("a", "mobilenetv2", 0.72, 4e-4, 8, 0), late,
                        record("c", "mobilenetv2", 0.72, 4e-4, 8, 4_500)));

        VariantAnalysis.Row row = VariantAnalysis.analyse("paper", records, PUBLISHED::get, WINDOW).get(0);

        assertThat(row.windows()).isEqualTo(2);
        assertThat(row.windowsMet()).isEqualTo(2);
        assertThat(row.minWindowMean()).isCloseTo(0.709, within(1e-12));
    }

    @Test
    void theCheapestWholeMixMeetsTheTargetWithTheWindowsRequests() {
        List<double[]> variants = List.of(new double[]{0.72, 4}, new double[]{0.698, 3}, new double[]{0.654, 2},
                new double[]{0.749, 9});

        // four requests at 0.71: three 0.72 and one 0.698 (mean 0.7145) beat the 0.749 + three 0.698 (0.71075)
        assertThat(VariantAnalysis.cheapestWholeMix(variants, 0.71, 4)).isCloseTo(15.0 / 4, within(1e-12));
        assertThat(VariantAnalysis.cheapestWholeMix(variants, 0.71, 1)).isEqualTo(4);
        // the fractional mix is cheaper than any whole one of four: the window's granularity costs
        assertThat(VariantAnalysis.cheapestStaticMix(variants, 0.71)).isLessThan(15.0 / 4);
        assertThat(VariantAnalysis.cheapestWholeMix(variants, 0.76, 3)).isNaN();
        assertThat(VariantAnalysis.cheapestWholeMix(variants, 0.70, VariantAnalysis.MAX_WINDOW_REQUESTS))
                .isGreaterThanOrEqualTo(VariantAnalysis.cheapestStaticMix(variants, 0.70) - 1e-12);
    }

    @Test
    void theCheapestStaticMixIsOneVariantOrTwoInTheProportionThatMeetsTheTarget() {
        List<double[]> variants = List.of(new double[]{0.72, 4}, new double[]{0.698, 3}, new double[]{0.654, 2},
                new double[]{0.749, 9});

        // 0.654 and 0.698 at p = 0.036 / 0.044 beat 0.698 alone
        assertThat(VariantAnalysis.cheapestStaticMix(variants, 0.69)).isCloseTo(2 + 0.036 / 0.044, within(1e-12));
        assertThat(VariantAnalysis.cheapestStaticMix(variants, 0.72)).isEqualTo(4);
        // 0.654 and 0.72 at p = 0.046 / 0.066: 2 + 2p ≈ 3.394 is dearer than 0.698/0.72 at 3 + 1/11
        assertThat(VariantAnalysis.cheapestStaticMix(variants, 0.70)).isCloseTo(3 + 1.0 / 11, within(1e-12));
        assertThat(VariantAnalysis.cheapestStaticMix(variants, 0.76)).isNaN();
    }

    @Test
    void aWorkloadHasAFloorOrAnObjectiveWithinZeroToOne() {
        assertThatThrownBy(() -> new VariantAnalysis.Workload(0.7, 0.7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VariantAnalysis.Workload.floor(70)).hasMessageContaining("[0, 1]");
        assertThat(VariantAnalysis.Workload.FULL.key()).isEqualTo("baseline=full");
    }

    @Test
    void printsTheTableAndLinesAndWritesCsvAndHtml() throws Exception {
        Map<VariantAnalysis.Workload, List<EmissionRecord>> records = new LinkedHashMap<>();
        records.put(VariantAnalysis.Workload.FULL, List.of(record("f", "mobilenetv2", null, 4e-4, 10, 0)));
        records.put(VariantAnalysis.Workload.objective(0.71), List.of(record("a", "mobilenetv2", 0.72, 4e-4, 8, 0)));
        List<VariantAnalysis.Row> rows = VariantAnalysis.analyse("edge", records, PUBLISHED::get, WINDOW);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        VariantReport.print("GB", rows, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<Path> files = VariantReport.write("GB", rows, List.of("setup line"),
                List.of(ForecastArgminTest.measured(0, 200), ForecastArgminTest.measured(1, 100)), dir, T0,
                T0.plusSeconds(86_400));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("experiment=variants baseline=full ").contains("experiment=variants objective=0.71 ")
                .contains("1/1");
        assertThat(files).hasSize(2);
        List<String> csv = Files.readAllLines(files.get(0));
        assertThat(csv.get(0)).isEqualTo(String.join(",", VariantReport.HEADER));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(2)).startsWith("edge,objective=0.71,1,1,0,");
        assertThat(Files.readString(files.get(1))).contains("setup line").contains("objective=0.71")
                .contains("Grid intensity");
    }

    static EmissionRecord record(String id, String model, Double accuracy, double gco2, double latency, long atMillis) {
        Instant at = T0.plusMillis(atMillis);
        return EmissionRecord.newBuilder().setRequestId(id).setModelId(model).setPolicy("green")
                .setStatus(InferenceStatus.OK).setReason(null).setSubmittedAt(at).setCompletedAt(at.plusMillis((long) latency))
                .setLatencyMillis(latency).setSchedulingNanos(1000).setParts(List.of()).setTransfers(List.of())
                .setEnergyJoules(1).setOperationalGco2(gco2).setTransferGco2(0).setEmbodiedGco2(0).setTotalGco2(gco2)
                .setMarginalGco2(null).setSignal(SignalType.AVERAGE).setIntensityKind(IntensityKind.MEASURED).setPue(1.0)
                .setAttributes(Map.of()).setFamily(accuracy == null ? null : "mobilenetv2").setAccuracy(accuracy)
                .setRequestedModelId(accuracy == null ? null : "mobilenetv2").build();
    }

    private static EmissionRecord failed(String id) {
        EmissionRecord r = record(id, "mobilenetv2", null, 0, 0, 0);
        r.setStatus(InferenceStatus.REJECTED);
        r.setReason("no variant");
        return r;
    }
}
