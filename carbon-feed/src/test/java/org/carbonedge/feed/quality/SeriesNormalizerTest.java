package org.carbonedge.feed.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.junit.jupiter.api.Test;

class SeriesNormalizerTest {
    private static final Instant T0 = Instant.parse("2023-01-01T00:00:00Z");

    private static GridIntensity r(String zone, int halfHours, double value, IntensityKind kind) {
        Instant from = T0.plus(Duration.ofMinutes(30L * halfHours));
        return new GridIntensity(zone, from, from.plus(Duration.ofMinutes(30)), value, SignalType.AVERAGE, kind,
                "t", null);
    }

    @Test
    void forecastAndMeasuredForTheSameIntervalAreNotDuplicates() {
        List<GridIntensity> in = List.of(r("GB", 0, 10, IntensityKind.MEASURED), r("GB", 0, 12, IntensityKind.FORECAST),
                r("GB", 1, 11, IntensityKind.MEASURED), r("GB", 1, 13, IntensityKind.FORECAST),
                r("GB", 1, 99, IntensityKind.FORECAST));
        NormalizedFeed feed = new SeriesNormalizer(GapPolicy.LEAVE).normalize(in, Map.of());
        assertEquals(4, feed.series().get("GB").size());
        ZoneQuality q = feed.quality().get("GB");
        assertEquals(1, q.duplicates());
        assertEquals(2, q.forecastRows());
        assertEquals(0, q.gaps().size());
    }

    @Test
    void holdLastFillsFromTheLastNonForecastValueWithPartialLastInterval() {
        GridIntensity odd = new GridIntensity("X", T0.plus(Duration.ofMinutes(75)), T0.plus(Duration.ofMinutes(105)),
                50.0, SignalType.MARGINAL, IntensityKind.MEASURED, "t", null);
        List<GridIntensity> in = List.of(r("X", 0, 10, IntensityKind.MEASURED), r("X", 0, 20, IntensityKind.FORECAST), odd);
        NormalizedFeed feed = new SeriesNormalizer(GapPolicy.HOLD_LAST).normalize(in, Map.of("X", 2L, "Y", 3L));
        List<GridIntensity> x = feed.series().get("X");
        assertEquals(5, x.size());
        assertEquals(List.of(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(60))),
                List.of(x.get(2).getValidFrom(), x.get(3).getValidFrom()));
        assertEquals(T0.plus(Duration.ofMinutes(75)), x.get(3).getValidTo(), "last fill ends where data resumes");
        assertEquals(10.0, x.get(2).getGco2PerKwh(), 0, "filled from the measured value, not the forecast");
        assertEquals(IntensityKind.ESTIMATED, x.get(2).getKind());
        Gap gap = feed.quality().get("X").gaps().get(0);
        assertEquals(2, gap.missingIntervals());
        assertEquals(2, feed.quality().get("X").filled());
        assertEquals("zone=Y rows=0 mean=n/a min=n/a max=n/a gaps=0 rejected=3",
                feed.quality().get("Y").summary().toLine());
        assertTrue(feed.series().get("Y") == null);
    }
}
