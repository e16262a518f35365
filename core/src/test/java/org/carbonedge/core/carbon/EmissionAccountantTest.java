package org.carbonedge.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.carbonedge.core.carbon.TestRecords.T0;
import static org.carbonedge.core.carbon.TestRecords.hour;
import static org.carbonedge.core.carbon.TestRecords.intensity;
import static org.carbonedge.core.carbon.TestRecords.ok;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.assertj.core.data.Offset;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.avro.TransferEmission;
import org.junit.jupiter.api.Test;

/** Every figure below is worked out by hand in the comments, not with the code under test. */
class EmissionAccountantTest {

    private static final Offset<Double> EPS = within(1e-12);

    /** PUE 1.2, 0.002 kWh/GB, IEA default. */
    private final EmissionAccountant accountant = new EmissionAccountant(
            new AccountingConfig(1.2, 0.002, AccountingConfig.ieaGlobalAverage2019()));
    private final ExecutionPlan plan = TestRecords.twoStagePlan();
    private final IntensityTable table = new IntensityTable(new IntensityLimits(100, Duration.ofDays(1), Duration.ZERO));

    /** Stage 0 on dev-a (DE): 1.8 J, 2,000,000 bytes out, 0.0002 g embodied, 100..300 ms. */
    private PartitionResult stage0() {
        return ok("r-1", plan, 0, T0, T0.plusMillis(100), T0.plusMillis(300), 1.8, 2_000_000)
                .setEmbodiedGco2(0.0002).setComputeNanos(150_000_000).build();
    }

    /** Stage 1 on dev-b (FR): 0.9 J, 40 bytes out, 0.0001 g embodied, 350..500 ms. */
    private PartitionResult stage1() {
        return ok("r-1", plan, 1, T0, T0.plusMillis(350), T0.plusMillis(500), 0.9, 40)
                .setEmbodiedGco2(0.0001).setComputeNanos(120_000_000).build();
    }

    @Test
    void twoStagesOnTwoDevicesInTwoZones() {
        table.add(hour("DE", T0, 300, IntensityKind.MEASURED));
        table.add(hour("FR", T0, 50, IntensityKind.FORECAST));

        EmissionRecord r = accountant.completed(RequestHeader.of(stage0()), List.of(stage1(), stage0()), table);

        assertThat(r.getStatus()).isEqualTo(InferenceStatus.OK);
        assertThat(r.getReason()).isNull();
        assertThat(r.getParts()).extracting(StageEmission::getStageIndex).containsExactly(0, 1);
        StageEmission p0 = r.getParts().get(0);
        // 1.8 J x 1.2 x 300 g/kWh / 3.6e6 J/kWh = 648 / 3.6e6 = 1.8e-4 g
        assertThat(p0.getGco2()).isCloseTo(1.8e-4, EPS);
        assertThat(p0.getGco2PerKwh()).isEqualTo(300);
        assertThat(p0.getIntensityKind()).isEqualTo(IntensityKind.MEASURED);
        assertThat(p0.getFirstPartition()).isEqualTo(0);
        assertThat(p0.getLastPartition()).isEqualTo(1);
        assertThat(p0.getComputeMillis()).isEqualTo(150.0);
        StageEmission p1 = r.getParts().get(1);
        // 0.9 x 1.2 x 50 / 3.6e6 = 54 / 3.6e6 = 1.5e-5 g
        assertThat(p1.getGco2()).isCloseTo(1.5e-5, EPS);
        assertThat(p1.getIntensityKind()).isEqualTo(IntensityKind.FORECAST);
        assertThat(p1.getFirstPartition()).isEqualTo(2);

        // 2e6 B = 0.002 GB x 0.002 kWh/GB = 4e-6 kWh = 14.4 J; x 300 g/kWh (sender DE) = 1.2e-3 g, no PUE
        assertThat(r.getTransfers()).singleElement().satisfies(t -> {
            assertThat(t.getFromDeviceId()).isEqualTo("dev-a");
            assertThat(t.getToDeviceId()).isEqualTo("dev-b");
            assertThat(t.getBytes()).isEqualTo(2_000_000L);
            assertThat(t.getEnergyJoules()).isCloseTo(14.4, EPS);
            assertThat(t.getGco2PerKwh()).isEqualTo(300);
            assertThat(t.getGco2()).isCloseTo(1.2e-3, EPS);
        });
        assertThat(r.getOperationalGco2()).isCloseTo(1.95e-4, EPS);
        assertThat(r.getTransferGco2()).isCloseTo(1.2e-3, EPS);
        assertThat(r.getEmbodiedGco2()).isCloseTo(3e-4, EPS);
        // 1.8e-4 + 1.5e-5 + 1.2e-3 + 3e-4
        assertThat(r.getTotalGco2()).isCloseTo(1.695e-3, EPS);
        // 1.8 + 0.9 + 14.4
        assertThat(r.getEnergyJoules()).isCloseTo(17.1, EPS);
        assertThat(r.getMarginalGco2()).isNull();
        assertThat(r.getSignal()).isEqualTo(SignalType.AVERAGE);
        assertThat(r.getIntensityKind()).isEqualTo(IntensityKind.FORECAST);
        assertThat(r.getPue()).isEqualTo(1.2);
        assertThat(r.getLatencyMillis()).isEqualTo(500.0);
        assertThat(r.getCompletedAt()).isEqualTo(T0.plusMillis(500));
        assertThat(r.getSchedulingNanos()).isEqualTo(1_200L);
        assertThat(r.getPolicy()).isEqualTo("green");
        assertThat(r.getModelId()).isEqualTo("mnist-cnn");
    }

    @Test
    void aHeldRequestCarriesItsReleaseItsHoldAndTheSameEnergyPricedAtTheIntensitiesOfWhenItWasHeld() {
        table.add(hour("DE", T0, 300, IntensityKind.MEASURED));
        table.add(hour("FR", T0, 50, IntensityKind.MEASURED));
        ExecutionPlan held = ExecutionPlan.newBuilder(plan).setDeferral(new org.carbonedge.avro.PlanDeferral(
                T0.minus(Duration.ofHours(2)), T0, 9.9, java.util.Map.of("DE", 600.0, "FR", 100.0), "waited")).build();
        PartitionResult s0 = PartitionResult.newBuilder(stage0()).setPlan(held).build();
        PartitionResult s1 = PartitionResult.newBuilder(stage1()).setPlan(held).build();

        EmissionRecord r = accountant.completed(RequestHeader.of(s0), List.of(s0, s1), table);

        assertThat(r.getTotalGco2()).as("as without the hold").isCloseTo(1.695e-3, EPS);
        assertThat(r.getReleasedAt()).isEqualTo(T0);
        assertThat(r.getHeldMillis()).isEqualTo(7_200_000L);
        // 1.8 x 1.2 x 600 / 3.6e6 = 3.6e-4; 0.9 x 1.2 x 100 / 3.6e6 = 3e-5; 14.4 J x 600 / 3.6e6 = 2.4e-3 (sender DE);
        // embodied as measured, 3e-4: 3.09e-3 (not the router's 9.9 g estimate: the measured energy, priced then)
        assertThat(r.getRunNowGco2()).isCloseTo(3.09e-3, EPS);
        assertThat(r.getParts().get(0).getGco2PerKwh()).as("the record's own figures are untouched").isEqualTo(300);

        EmissionRecord plain = accountant.completed(RequestHeader.of(stage0()), List.of(stage0(), stage1()), table);
        assertThat(plain.getRunNowGco2()).isNull();
        assertThat(plain.getReleasedAt()).isNull();
        assertThat(plain.getHeldMillis()).isZero();
    }

    @Test
    void aVariantChosenUnderAFloorIsNamedWithItsFamilyAndAccuracy() {
        ExecutionPlan variant = ExecutionPlan.newBuilder(plan).setFamily("mobilenetv2").setAccuracy(0.698)
                .setRequestedModelId("mobilenetv2").build();
        PartitionResult s0 = PartitionResult.newBuilder(stage0()).setPlan(variant).build();
        PartitionResult s1 = PartitionResult.newBuilder(stage1()).setPlan(variant).build();
        EmissionRecord r = accountant.completed(RequestHeader.of(s0), List.of(s0, s1), IntensityLookup.empty());
        assertThat(r.getFamily()).isEqualTo("mobilenetv2");
        assertThat(r.getAccuracy()).isEqualTo(0.698);
        assertThat(r.getRequestedModelId()).isEqualTo("mobilenetv2");
        assertThat(r.getPlannedAt()).as("the router's decision time").isEqualTo(plan.getPlannedAt());
        EmissionRecord plain = accountant.completed(RequestHeader.of(stage0()), List.of(stage0(), stage1()),
                IntensityLookup.empty());
        assertThat(plain.getFamily()).isNull();
        assertThat(plain.getAccuracy()).isNull();
    }

    @Test
    void marginalIsGivenWhenEveryZoneUsedHasAMarginalValue() {
        table.add(hour("DE", T0, 300, IntensityKind.MEASURED));
        table.add(hour("FR", T0, 50, IntensityKind.MEASURED));
        table.add(intensity("DE", T0, T0.plusSeconds(3600), 700, SignalType.MARGINAL, IntensityKind.MEASURED, null));
        assertThat(accountant.completed(RequestHeader.of(stage0()), List.of(stage0(), stage1()), table)
                .getMarginalGco2()).as("FR has no marginal value").isNull();

        table.add(intensity("FR", T0, T0.plusSeconds(3600), 400, SignalType.MARGINAL, IntensityKind.FORECAST, null));
        EmissionRecord r = accountant.completed(RequestHeader.of(stage0()), List.of(stage0(), stage1()), table);
        // 1.8 x 1.2 x 700 / 3.6e6 = 4.2e-4; 0.9 x 1.2 x 400 / 3.6e6 = 1.2e-4; 4e-6 kWh x 700 = 2.8e-3
        assertThat(r.getMarginalGco2()).isCloseTo(3.34e-3, EPS);
        assertThat(r.getTotalGco2()).as("total stays on the average signal").isCloseTo(
                1.8e-4 + 1.5e-5 + 1.2e-3 + 3e-4, EPS);
        assertThat(r.getIntensityKind()).isEqualTo(IntensityKind.MEASURED);
    }

    @Test
    void aZoneWithoutIntensityUsesTheIeaDefaultAsEstimated() {
        ExecutionPlan mono = TestRecords.plan(new String[]{"dev-x"}, new String[]{"XX"});
        PartitionResult only = ok("r-2", mono, 0, T0, T0, T0.plusMillis(40), 3.6, 4_000).build();
        EmissionRecord r = new EmissionAccountant(AccountingConfig.defaults())
                .completed(RequestHeader.of(only), List.of(only), IntensityLookup.empty());

        // 3.6 J = 1e-6 kWh x 475 g/kWh x PUE 1.0 = 4.75e-4 g; no transfer after the last stage
        assertThat(r.getParts()).singleElement().satisfies(p -> {
            assertThat(p.getGco2PerKwh()).isEqualTo(475.0);
            assertThat(p.getIntensityKind()).isEqualTo(IntensityKind.ESTIMATED);
            assertThat(p.getGco2()).isCloseTo(4.75e-4, EPS);
        });
        assertThat(r.getTransfers()).isEmpty();
        assertThat(r.getIntensityKind()).isEqualTo(IntensityKind.ESTIMATED);
        assertThat(r.getTotalGco2()).isCloseTo(4.75e-4, EPS);
        assertThat(AccountingConfig.ieaGlobalAverage2019().source()).contains("iea");
    }

    @Test
    void theRecordCarriesTheLabelsThePlanCarries() {
        ExecutionPlan labelled = ExecutionPlan.newBuilder(TestRecords.plan(new String[]{"dev-x"}, new String[]{"XX"}))
                .setAttributes(java.util.Map.of("tenant", "acme", "app", "camera-7")).build();
        PartitionResult only = ok("r-3", labelled, 0, T0, T0, T0.plusMillis(40), 3.6, 4_000).build();
        EmissionRecord r = new EmissionAccountant(AccountingConfig.defaults())
                .completed(RequestHeader.of(only), List.of(only), IntensityLookup.empty());
        assertThat(r.getAttributes()).isEqualTo(java.util.Map.of("tenant", "acme", "app", "camera-7"));
    }

    @Test
    void aSubmissionCenturiesAgoGivesAHugeLatencyNotAnException() {
        Instant medieval = Instant.parse("1000-01-01T00:00:00Z");
        PartitionResult only = ok("r-old", TestRecords.plan(new String[]{"dev-x"}, new String[]{"XX"}), 0, medieval, T0,
                T0.plusMillis(40), 3.6, 4_000).build();
        EmissionRecord r = new EmissionAccountant(AccountingConfig.defaults())
                .completed(RequestHeader.of(only), List.of(only), IntensityLookup.empty());
        assertThat(r.getLatencyMillis()).isCloseTo((T0.toEpochMilli() + 40 - medieval.toEpochMilli()) * 1.0,
                org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(EmissionAccountant.latencyMillis(T0, T0.plusNanos(1_500_000))).isEqualTo(1.5);
    }

    @Test
    void consecutiveStagesOnOneDeviceMoveNoData() {
        ExecutionPlan same = TestRecords.plan(new String[]{"dev-a", "dev-a"}, new String[]{"DE", "DE"});
        PartitionResult s0 = ok("r-3", same, 0, T0, T0, T0.plusMillis(10), 1.0, 5_000_000).build();
        PartitionResult s1 = ok("r-3", same, 1, T0, T0.plusMillis(10), T0.plusMillis(20), 1.0, 10).build();
        EmissionRecord r = accountant.completed(RequestHeader.of(s0), List.of(s0, s1), table);
        assertThat(r.getTransfers()).isEmpty();
        assertThat(r.getTransferGco2()).isZero();
    }

    @Test
    void aFailedRequestAccountsTheStagesThatCompletedAndTheirHandOver() {
        table.add(hour("DE", T0, 300, IntensityKind.MEASURED));
        EmissionRecord r = accountant.failed(RequestHeader.of(stage0()), List.of(stage0()),
                "stage 1 did not report within 30000 ms", T0.plusSeconds(30), table);

        assertThat(r.getStatus()).isEqualTo(InferenceStatus.FAILED);
        assertThat(r.getReason()).isEqualTo("stage 1 did not report within 30000 ms");
        assertThat(r.getParts()).extracting(StageEmission::getStageIndex).containsExactly(0);
        // the output went to the planned dev-b: 1.2e-3 g as above
        assertThat(r.getTransfers()).extracting(TransferEmission::getToDeviceId).containsExactly("dev-b");
        assertThat(r.getTotalGco2()).isCloseTo(1.8e-4 + 1.2e-3 + 2e-4, EPS);
        assertThat(r.getLatencyMillis()).isEqualTo(30_000.0);
        assertThat(r.getCompletedAt()).isEqualTo(T0.plusSeconds(30));

        EmissionRecord nothing = accountant.failed(RequestHeader.of(stage0()), List.of(), "stage 0 failed", T0, table);
        assertThat(nothing.getParts()).isEmpty();
        assertThat(nothing.getTotalGco2()).isZero();
        assertThat(nothing.getMarginalGco2()).isNull();
    }

    @Test
    void refusesIncompleteRepeatedOrForeignResults() {
        RequestHeader header = RequestHeader.of(stage0());
        assertThatThrownBy(() -> accountant.completed(header, List.of(stage0()), table))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("request r-1 has results for [0] of 2 stages");
        assertThatThrownBy(() -> accountant.completed(header, List.of(stage0(), stage0()), table))
                .hasMessage("stage 0 of r-1 given twice");
        PartitionResult other = ok("r-9", plan, 1, T0, T0, T0, 1, 1).build();
        assertThatThrownBy(() -> accountant.completed(header, List.of(stage0(), other), table))
                .hasMessage("result of request r-9 given for r-1");
        PartitionResult failed = TestRecords.error("r-1", plan, 1, T0, T0, "boom");
        assertThatThrownBy(() -> accountant.completed(header, List.of(stage0(), failed), table))
                .hasMessage("stage 1 of r-1 is ERROR, only OK results are accounted");
    }
}
