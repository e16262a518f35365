package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.Intensity;
import org.carbonedge.core.carbon.IntensityLookup;
import org.junit.jupiter.api.Test;

/** The hindsight oracle on hand-made numbers: 3.6 J at 100 gCO2/kWh is 1e-4 g. */
class HindsightOracleTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    /** X at 100 gCO2/kWh, Y at 300, Z unknown. */
    private static final IntensityLookup GRID = (zone, signal, time) -> Optional.ofNullable(Map.of("X", 100.0, "Y", 300.0).get(zone))
            .map(g -> new Intensity(g, IntensityKind.MEASURED, SignalType.AVERAGE, "test"));

    @Test
    void costsAreEachDevicesMeanOverItsWholeModelRuns() {
        List<HindsightOracle.DeviceCost> costs = HindsightOracle.costs(List.of(
                new HindsightOracle.WholeModelRun("a", "X", 3.0, 0.0),
                new HindsightOracle.WholeModelRun("b", "Y", 1.0, 2e-5),
                new HindsightOracle.WholeModelRun("a", "X", 5.0, 0.0)));

        assertThat(costs).containsExactly(new HindsightOracle.DeviceCost("a", "X", 4.0, 0.0, 2),
                new HindsightOracle.DeviceCost("b", "Y", 1.0, 2e-5, 1));
    }

    @Test
    void picksTheLowestCarbonDeviceWithPueAndEmbodiedCarbon() {
        HindsightOracle oracle = new HindsightOracle(List.of(
                new HindsightOracle.DeviceCost("a", "X", 3.6, 0.0, 1),      // 1e-4 g × PUE 1.5 = 1.5e-4
                new HindsightOracle.DeviceCost("b", "Y", 0.9, 2e-5, 1)),    // 0.75e-4 × 1.5 + 0.2e-4 = 1.325e-4
                GRID, HindsightOracle.Availability.ALWAYS, 1.5);

        HindsightOracle.Choice best = oracle.best(T).orElseThrow();

        assertThat(best.deviceId()).isEqualTo("b");
        assertThat(best.zone()).isEqualTo("Y");
        assertThat(best.energyJoules()).isEqualTo(0.9);
        assertThat(best.gco2()).isCloseTo(1.325e-4, within(1e-12));
    }

    @Test
    void devicesThatWereDownOrWhoseZoneHasNoIntensityAreNotFeasible() {
        DeviceStatusHistory status = new DeviceStatusHistory();
        status.add("a", T.minusSeconds(10), true);
        status.add("b", T.minusSeconds(10), true);
        status.add("b", T.minusSeconds(1), false);
        HindsightOracle oracle = new HindsightOracle(List.of(
                new HindsightOracle.DeviceCost("a", "X", 3.6, 0.0, 1),
                new HindsightOracle.DeviceCost("b", "Y", 0.1, 0.0, 1),
                new HindsightOracle.DeviceCost("c", "Z", 0.01, 0.0, 1)), GRID, status, 1.0);

        assertThat(oracle.best(T).orElseThrow().deviceId()).isEqualTo("a");
        assertThat(oracle.best(T.minusSeconds(5)).orElseThrow().deviceId()).isEqualTo("b");
        assertThat(oracle.best(T.minusSeconds(20))).as("before any device reported").isEmpty();
    }

    @Test
    void comparedWithAPolicyIsTheMeanOfTheBestPlacementsUnlessThePolicyDidBetter() {
        DeviceStatusHistory status = new DeviceStatusHistory();
        status.add("a", T.minusSeconds(10), true);
        HindsightOracle oracle = new HindsightOracle(List.of(new HindsightOracle.DeviceCost("a", "X", 3.6, 0.0, 1)),
                GRID, status, 1.0);
        HindsightOracle.Inference early = new HindsightOracle.Inference(T.minusSeconds(20), 4e-4); // no device up yet

        assertThat(oracle.gco2PerInference(List.of(new HindsightOracle.Inference(T, 5e-4),
                new HindsightOracle.Inference(T, 3e-4)))).isCloseTo(1e-4, within(1e-12));
        assertThat(oracle.gco2PerInference(List.of(new HindsightOracle.Inference(T, 5e-4), early)))
                .as("no feasible device: the oracle counts what happened").isCloseTo(2.5e-4, within(1e-12));
        assertThat(oracle.gco2PerInference(List.of(new HindsightOracle.Inference(T, 0.5e-4),
                new HindsightOracle.Inference(T, 1.3e-4))))
                .as("runs cheaper than the measured mean: the policy's own figure").isCloseTo(0.9e-4, within(1e-12));
        assertThat(oracle.gco2PerInference(List.of())).isNaN();
    }
}
