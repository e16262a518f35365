package org.carbonedge.feed.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.SharedData;
import org.carbonedge.feed.read.ElectricityMapsCsvReader;
import org.junit.jupiter.api.Test;

class DemoProfilesTest {

    @Test
    void committedFiguresAreTheHourOfDayMeansOfThe2023Files() {
        for (String zone : DemoProfiles.zones()) {
            List<GridIntensity> year = new ElectricityMapsCsvReader()
                    .read(SharedData.grid("electricitymaps/" + zone + "_2023_hourly.csv")).records();
            double[] sum = new double[24];
            int[] count = new int[24];
            for (GridIntensity r : year) {
                int hour = r.getValidFrom().atOffset(ZoneOffset.UTC).getHour();
                sum[hour] += r.getGco2PerKwh();
                count[hour]++;
            }
            double[] profile = DemoProfiles.profile(zone);
            for (int h = 0; h < 24; h++) {
                assertEquals(365, count[h]);
                assertEquals(sum[h] / count[h], profile[h], 0.00501, zone + " hour " + h);
            }
        }
    }

    @Test
    void demoFeedCoversAnyRangeHourlyAsEstimatedRecords() {
        Instant from = Instant.parse("2030-01-01T10:20:00Z");
        Instant to = Instant.parse("2030-01-03T10:00:00Z");
        Map<String, List<GridIntensity>> series = DemoFeed.series(from, to);
        assertEquals(Set.of("FR", "DE", "GB", "IN-WE", "NO", "US-CAL-CISO"), series.keySet());
        List<GridIntensity> de = series.get("DE");
        assertEquals(48, de.size());
        assertEquals(Instant.parse("2030-01-01T10:00:00Z"), de.get(0).getValidFrom());
        assertEquals(DemoProfiles.gco2PerKwh("DE", 10), de.get(0).getGco2PerKwh(), 0);
        assertEquals(DemoProfiles.gco2PerKwh("DE", 9), de.get(47).getGco2PerKwh(), 0);
        assertTrue(de.stream().allMatch(r -> r.getKind() == IntensityKind.ESTIMATED
                && r.getSignal() == SignalType.AVERAGE && r.getSource().equals("demo-profile")));
        List<GridIntensity> merged = DemoFeed.records(List.of("NO", "IN-WE"), from, to);
        assertEquals(96, merged.size());
        assertEquals("IN-WE", merged.get(0).getZone());
        assertTrue(DemoProfiles.gco2PerKwh("IN-WE", 0) > 20 * DemoProfiles.gco2PerKwh("NO", 0), "contrasting zones");
        assertEquals("no demo profile for zone 'XX' (have: FR, DE, GB, IN-WE, NO, US-CAL-CISO)",
                assertThrows(FeedException.class, () -> DemoProfiles.profile("XX")).getMessage());
    }
}
