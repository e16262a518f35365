package org.carbonedge.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonedge.core.carbon.TestRecords.T0;
import static org.carbonedge.core.carbon.TestRecords.hour;
import static org.carbonedge.core.carbon.TestRecords.intensity;

import java.time.Duration;
import java.time.Instant;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.junit.jupiter.api.Test;

class IntensityHistoryTest {

    private final IntensityHistory history =
            new IntensityHistory("DE", SignalType.AVERAGE, new IntensityLimits(100, Duration.ofDays(1), Duration.ZERO));

    @Test
    void returnsTheIntervalCoveringTheInstantWithStartInclusiveAndEndExclusive() {
        history.add(hour("DE", T0, 300, IntensityKind.MEASURED));
        history.add(hour("DE", T0.plusSeconds(3600), 200, IntensityKind.MEASURED));

        assertThat(history.at(T0.minusMillis(1))).isEmpty();
        assertThat(history.at(T0).orElseThrow().gco2PerKwh()).isEqualTo(300);
        assertThat(history.at(T0.plusSeconds(3600).minusMillis(1)).orElseThrow().gco2PerKwh()).isEqualTo(300);
        assertThat(history.at(T0.plusSeconds(3600)).orElseThrow().gco2PerKwh()).isEqualTo(200);
        assertThat(history.at(T0.plusSeconds(7200))).isEmpty();
    }

    @Test
    void prefersMeasuredThenForecastThenEstimatedForOverlappingIntervals() {
        Instant t = T0.plusSeconds(1800);
        history.add(intensity("DE", T0.minusSeconds(3600), T0.plusSeconds(7200), 500, SignalType.AVERAGE,
                IntensityKind.ESTIMATED, null));
        assertThat(history.at(t).orElseThrow().kind()).isEqualTo(IntensityKind.ESTIMATED);

        history.add(hour("DE", T0, 320, IntensityKind.FORECAST));
        assertThat(history.at(t).orElseThrow()).satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IntensityKind.FORECAST);
            assertThat(i.gco2PerKwh()).isEqualTo(320);
        });

        // the measured value for a half hour inside the forecast hour
        history.add(intensity("DE", T0.plusSeconds(1800), T0.plusSeconds(3600), 310, SignalType.AVERAGE,
                IntensityKind.MEASURED, null));
        assertThat(history.at(t).orElseThrow().gco2PerKwh()).isEqualTo(310);
        assertThat(history.at(t.minusSeconds(1)).orElseThrow().gco2PerKwh()).isEqualTo(320);
        // outside the forecast hour only the long estimate covers
        assertThat(history.at(T0.plusSeconds(5400)).orElseThrow().gco2PerKwh()).isEqualTo(500);
    }

    @Test
    void aRevisedForecastReplacesTheOlderOneUnlessItWasPublishedEarlier() {
        GridIntensity first = intensity("DE", T0, T0.plusSeconds(3600), 300, SignalType.AVERAGE,
                IntensityKind.FORECAST, T0.minusSeconds(7200));
        GridIntensity revised = intensity("DE", T0, T0.plusSeconds(3600), 280, SignalType.AVERAGE,
                IntensityKind.FORECAST, T0.minusSeconds(3600));
        history.add(first);
        history.add(revised);
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.at(T0).orElseThrow().gco2PerKwh()).isEqualTo(280);

        history.add(first); // re-delivered late: older publication does not win
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.at(T0).orElseThrow().gco2PerKwh()).isEqualTo(280);
    }

    @Test
    void dropsTheOldestIntervalsBeyondTheCount() {
        IntensityHistory small = new IntensityHistory("DE", SignalType.AVERAGE,
                new IntensityLimits(3, Duration.ofDays(30), Duration.ZERO));
        for (int h = 0; h < 5; h++) {
            small.add(hour("DE", T0.plusSeconds(3600L * h), 100 + h, IntensityKind.MEASURED));
        }
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.at(T0.plusSeconds(3600))).isEmpty();
        assertThat(small.intervals()).extracting(GridIntensity::getGco2PerKwh).containsExactly(102.0, 103.0, 104.0);
    }

    @Test
    void dropsIntervalsThatEndedMoreThanTheTtlBeforeTheNewestStart() {
        IntensityHistory aged = new IntensityHistory("DE", SignalType.AVERAGE,
                new IntensityLimits(1000, Duration.ofHours(2), Duration.ZERO));
        aged.add(hour("DE", T0, 100, IntensityKind.MEASURED));                       // ends T0+1h
        aged.add(hour("DE", T0.plusSeconds(3600), 110, IntensityKind.MEASURED));     // ends T0+2h
        aged.add(hour("DE", T0.plusSeconds(3 * 3600), 130, IntensityKind.MEASURED)); // newest start T0+3h → horizon T0+1h

        assertThat(aged.intervals()).extracting(GridIntensity::getGco2PerKwh).containsExactly(110.0, 130.0);
        assertThat(aged.at(T0.plusSeconds(10))).isEmpty();
    }

    @Test
    void refusesRecordsOfAnotherZoneOrSignalAndInvalidIntervals() {
        assertThatThrownBy(() -> history.add(hour("FR", T0, 50, IntensityKind.MEASURED)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DE/AVERAGE cannot hold FR/AVERAGE");
        assertThatThrownBy(() -> history.add(intensity("DE", T0, T0, 50, SignalType.AVERAGE, IntensityKind.MEASURED, null)))
                .hasMessageContaining("not after validFrom");
        assertThat(IntensityHistory.problem(hour("DE", T0, Double.NaN, IntensityKind.MEASURED)))
                .contains("gco2PerKwh NaN");
        assertThat(IntensityHistory.problem(hour("DE", T0, 1, IntensityKind.MEASURED))).isNull();
    }
}
