package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.avro.StageEmission;
import org.carbonedge.lab.experiment.DemoResult.DemoPolicy;
import org.carbonedge.lab.experiment.DemoResult.ZoneIntensity;
import org.junit.jupiter.api.Test;

/** The figures the demo derives from emission records: placement, zones, planner time, applied intensities. */
class DemoFiguresTest {

    private static final Instant T = Instant.parse("2026-11-30T03:10:00Z");

    private static StageEmission stage(String device, String zone, double gco2PerKwh) {
        return StageEmission.newBuilder().setStageIndex(0).setDeviceId(device).setZone(zone).setFirstPartition(0)
                .setLastPartition(2).setStartedAt(T).setComputeMillis(10).setEnergyJoules(0.04).setGco2PerKwh(gco2PerKwh)
                .setIntensityKind(IntensityKind.ESTIMATED).setGco2(1e-6).build();
    }

    private static EmissionRecord record(InferenceStatus status, long schedulingNanos, StageEmission... parts) {
        return EmissionRecord.newBuilder().setRequestId("r").setModelId("m").setPolicy("p").setStatus(status)
                .setSubmittedAt(T).setCompletedAt(T.plusMillis(50)).setLatencyMillis(50).setSchedulingNanos(schedulingNanos)
                .setParts(List.of(parts)).setEnergyJoules(0.04).setOperationalGco2(1e-6).setTransferGco2(0)
                .setEmbodiedGco2(0).setTotalGco2(1e-6).setSignal(SignalType.AVERAGE)
                .setIntensityKind(IntensityKind.ESTIMATED).setPue(1.0).build();
    }

    @Test
    void throughputCountsOnlyTheTimeARequestWasInFlight() {
        EmissionRecord a = timed(0, 50);
        EmissionRecord b = timed(30, 80);   // overlaps a: a closed loop
        EmissionRecord c = timed(500, 540); // after a gap in which other policies ran
        assertThat(PolicyStats.busySeconds(List.of(c, a, b))).isEqualTo(0.120, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(PolicyStats.of("p", List.of(a, b, c)).perSecond()).isEqualTo(25.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    private static EmissionRecord timed(long fromMillis, long toMillis) {
        return EmissionRecord.newBuilder(record(InferenceStatus.OK, 1, stage("edge-high", "DE", 346)))
                .setSubmittedAt(T.plusMillis(fromMillis)).setCompletedAt(T.plusMillis(toMillis))
                .setLatencyMillis(toMillis - fromMillis).build();
    }

    @Test
    void placementIsTheMostCommonOneWithItsShareWhenRequestsDiffered() {
        EmissionRecord high = record(InferenceStatus.OK, 1, stage("edge-high", "DE", 346));
        EmissionRecord medium = record(InferenceStatus.OK, 1, stage("edge-medium", "GB", 124.4));
        assertThat(PolicyStats.commonPlacement(List.of(high, medium, high))).isEqualTo("edge-high[0-2] (2/3)");
        assertThat(PolicyStats.commonPlacement(List.of(high, high))).isEqualTo("edge-high[0-2]");
        assertThat(PolicyStats.allPlacements(List.of(medium, high, high))).isEqualTo("edge-high[0-2] ×2, edge-medium[0-2] ×1");
        PolicyStats stats = PolicyStats.of("p", List.of(high, medium, high, high, medium, high));
        assertThat(stats.placements()).isEqualTo("edge-high[0-2] ×4, edge-medium[0-2] ×2");
        assertThat(stats.latencyP50().estimate()).isEqualTo(50.0);
        assertThat(stats.latencyP50().known()).as("six requests give the median an interval").isTrue();
    }

    @Test
    void aPolicyRowTakesTheMedianPlannerTimeOfItsOkRequestsAndEveryZoneItRanIn() {
        List<EmissionRecord> one = new ArrayList<>();
        one.add(record(InferenceStatus.OK, 20_000, stage("edge-high", "DE", 346)));
        one.add(record(InferenceStatus.OK, 30_000, stage("edge-green", "FR", 28.3)));
        one.add(record(InferenceStatus.REJECTED, 0));
        List<EmissionRecord> loop = List.of(record(InferenceStatus.OK, 900_000, stage("edge-high", "DE", 346)));

        DemoPolicy p = Demo.policy("balanced", one, loop);
        assertThat(p.name()).isEqualTo("balanced");
        assertThat(p.schedOverheadMicros()).isEqualTo(30.0);
        assertThat(p.zones()).isEqualTo("DE+FR");
        assertThat(p.oneAtATime().requests()).isEqualTo(3);
        assertThat(p.oneAtATime().ok()).isEqualTo(2);
        assertThat(p.closedLoop().requests()).isEqualTo(1);
    }

    @Test
    void appliedIntensitiesAreTheRangePerZoneInTheDevicesOrder() {
        List<EmissionRecord> records = List.of(record(InferenceStatus.OK, 1, stage("edge-high", "DE", 346.0)),
                record(InferenceStatus.OK, 1, stage("edge-green", "FR", 28.3), stage("edge-high", "DE", 341.3)));
        assertThat(Demo.applied(records, new LinkedHashSet<>(List.of("DE", "GB", "FR"))))
                .containsExactly(new ZoneIntensity("DE", 341.3, 346.0), new ZoneIntensity("FR", 28.3, 28.3));
    }

    @Test
    void onlyTheDemoFeedsValueForTheStagesZoneAndHourCountsAsPickedUp() {
        // 03:10 UTC: the demo profiles hold DE 345.95, FR 28.30 for hour 3
        assertThat(Demo.demoIntensity(stage("edge-high", "DE", 345.95))).isTrue();
        assertThat(Demo.demoIntensity(stage("edge-green", "FR", 28.30))).isTrue();
        assertThat(Demo.demoIntensity(stage("edge-high", "DE", 475.0))).as("the default for an unknown zone").isFalse();
        assertThat(Demo.demoIntensity(stage("edge-high", "DE", 341.33))).as("another hour's value").isFalse();
        assertThat(Demo.demoIntensity(stage("x", "PAPER-HIGH", 620))).isFalse();
    }
}
