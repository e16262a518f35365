package org.carbonedge.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.core.carbon.TestRecords.T0;
import static org.carbonedge.core.carbon.TestRecords.hour;
import static org.carbonedge.core.carbon.TestRecords.intensity;

import java.time.Duration;

import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.junit.jupiter.api.Test;

class IntensityTableTest {

    private final IntensityTable table = new IntensityTable(new IntensityLimits(100, Duration.ofDays(1), Duration.ofMinutes(30)));

    @Test
    void keepsSignalsAndZonesApart() {
        table.add(hour("DE", T0, 300, IntensityKind.MEASURED));
        table.add(intensity("DE", T0, T0.plusSeconds(3600), 650, SignalType.MARGINAL, IntensityKind.MEASURED, null));
        table.add(hour("FR", T0, 50, IntensityKind.FORECAST));

        assertThat(table.at("DE", SignalType.AVERAGE, T0).orElseThrow().gco2PerKwh()).isEqualTo(300);
        assertThat(table.at("DE", SignalType.MARGINAL, T0).orElseThrow().gco2PerKwh()).isEqualTo(650);
        assertThat(table.at("FR", SignalType.AVERAGE, T0).orElseThrow().kind()).isEqualTo(IntensityKind.FORECAST);
        assertThat(table.at("FR", SignalType.MARGINAL, T0)).isEmpty();
        assertThat(table.at("PL", SignalType.AVERAGE, T0)).isEmpty();
        assertThat(table.zones()).containsExactlyInAnyOrder("DE", "FR");
    }

    @Test
    void carriesTheLastValueForwardAsEstimatedWithinTheLimitOnly() {
        table.add(hour("DE", T0, 300, IntensityKind.MEASURED)); // ends T0+1h

        Intensity carried = table.at("DE", SignalType.AVERAGE, T0.plusSeconds(3600 + 1800)).orElseThrow();
        assertThat(carried.gco2PerKwh()).isEqualTo(300);
        assertThat(carried.kind()).isEqualTo(IntensityKind.ESTIMATED);
        assertThat(carried.source()).startsWith("carried-forward-from-2026-01-15T10:00:00Z:test:DE");

        assertThat(table.at("DE", SignalType.AVERAGE, T0.plusSeconds(3600 + 1801))).isEmpty();
        assertThat(table.at("DE", SignalType.AVERAGE, T0.minusSeconds(1))).isEmpty();
    }

    @Test
    void isRebuiltFromItsIntervals() {
        table.add(hour("DE", T0, 300, IntensityKind.MEASURED));
        table.add(hour("DE", T0.plusSeconds(3600), 280, IntensityKind.FORECAST));
        table.add(intensity("DE", T0, T0.plusSeconds(3600), 650, SignalType.MARGINAL, IntensityKind.MEASURED, null));

        IntensityTable copy = IntensityTable.of(new IntensityLimits(100, Duration.ofDays(1), Duration.ZERO),
                table.intervals("DE"));
        assertThat(copy.intervals("DE")).containsExactlyInAnyOrderElementsOf(table.intervals("DE"));
        assertThat(copy.at("DE", SignalType.AVERAGE, T0.plusSeconds(4000)).orElseThrow().gco2PerKwh()).isEqualTo(280);
    }
}
