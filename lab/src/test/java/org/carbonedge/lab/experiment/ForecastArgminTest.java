package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.scheduling.DeferralConfig;
import org.junit.jupiter.api.Test;

class ForecastArgminTest {

    private static final Instant T0 = Instant.parse("2023-11-20T00:00:00Z");
    /** Hourly slots, no minimum margin, 10% of the window as margin. */
    private static final DeferralConfig HOURLY = new DeferralConfig(Duration.ofHours(1), Duration.ZERO, 0.10, 0.7);

    @Test
    void releasesAtTheLowestForecastKnownAtArrivalInsideTheWindowLessTheMargin() {
        List<GridIntensity> records = new ArrayList<>();
        records.add(measured(0, 200));
        // issued at T0: hour 3 is cleanest (50), hour 6 cleaner still (10) but past 6 h - 10% margin = 5.4 h
        double[] day = {200, 150, 120, 50, 90, 80, 10, 300};
        for (int h = 1; h < day.length; h++) {
            records.add(forecast(h, day[h], T0));
        }
        ForecastArgmin argmin = new ForecastArgmin("GB", records, HOURLY);

        List<Instant> releases = argmin.releases(List.of(arrival(0, 6), arrival(0, 1)));

        assertThat(releases).containsExactly(hour(3), hour(0)); // a 1 h window has no slot before its margin
    }

    @Test
    void onlyForecastsIssuedByTheArrivalCountAndTheNewestIssueWins() {
        List<GridIntensity> records = new ArrayList<>();
        records.add(measured(0, 100));
        records.add(measured(2, 100));
        records.add(forecast(1, 300, T0));
        records.add(forecast(2, 300, T0));
        records.add(forecast(3, 20, T0));
        records.add(forecast(3, 500, hour(2))); // revised at hour 2
        records.add(forecast(4, 40, hour(2)));
        ForecastArgmin argmin = new ForecastArgmin("GB", records, HOURLY);

        // arriving at 0: knows only the first issue, hour 3 at 20; arriving at 2: hour 3 is 500 now, hour 4 at 40
        List<Instant> releases = argmin.releases(List.of(arrival(2, 10), arrival(0, 10)));

        assertThat(releases).containsExactly(hour(4), hour(3));
    }

    @Test
    void nowWinsTiesAndAWindowWithoutForecastsRunsAtOnce() {
        List<GridIntensity> records = List.of(measured(0, 100), forecast(1, 100, T0), forecast(2, 100, T0));
        ForecastArgmin argmin = new ForecastArgmin("GB", records, HOURLY);

        assertThat(argmin.releases(List.of(arrival(0, 10)))).containsExactly(T0);
        assertThat(new ForecastArgmin("GB", List.of(measured(0, 100)), HOURLY).releases(List.of(arrival(0, 10))))
                .containsExactly(T0);
    }

    private static ShiftWorkload.Arrival arrival(int hour, int window) {
        return new ShiftWorkload.Arrival(0, hour(hour), Duration.ofHours(window), hour(hour + window));
    }

    private static Instant hour(int h) {
        return T0.plus(Duration.ofHours(h));
    }

    static GridIntensity measured(int hour, double gco2) {
        return GridIntensity.newBuilder().setZone("GB").setValidFrom(hour(hour)).setValidTo(hour(hour + 1))
                .setGco2PerKwh(gco2).setSignal(SignalType.AVERAGE).setKind(IntensityKind.MEASURED).setSource("test")
                .build();
    }

    private static GridIntensity forecast(int hour, double gco2, Instant issuedAt) {
        return GridIntensity.newBuilder(measured(hour, gco2)).setKind(IntensityKind.FORECAST).setPublishedAt(issuedAt)
                .build();
    }
}
