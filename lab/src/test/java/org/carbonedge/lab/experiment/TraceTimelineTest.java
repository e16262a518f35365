package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.junit.jupiter.api.Test;

/** A day of grid time compressed to two wall seconds per hour. */
class TraceTimelineTest {

    private static final Instant FROM = Instant.parse("2023-11-19T00:00:00Z");
    private static final Instant WALL = Instant.parse("2026-01-01T12:00:00Z");
    private final TraceTimeline timeline = new TraceTimeline(FROM, FROM.plus(Duration.ofDays(1)), WALL, Duration.ofSeconds(2));

    @Test
    void mapsGridHoursToWallSecondsAndBack() {
        assertThat(timeline.hours()).isEqualTo(24);
        assertThat(timeline.toWall(FROM.plus(Duration.ofMinutes(90)))).isEqualTo(WALL.plusSeconds(3));
        assertThat(timeline.toGrid(WALL.plusSeconds(3))).isEqualTo(FROM.plus(Duration.ofMinutes(90)));
        assertThat(timeline.wallHour(5)).isEqualTo(WALL.plusSeconds(10));
        assertThat(timeline.wallEnd()).isEqualTo(WALL.plusSeconds(48));
    }

    @Test
    void findsTheGridHourOfAWallInstant() {
        assertThat(timeline.hourAt(WALL)).isZero();
        assertThat(timeline.hourAt(WALL.plusMillis(1999))).isZero();
        assertThat(timeline.hourAt(WALL.plusSeconds(2))).isEqualTo(1);
        assertThat(timeline.hourAt(WALL.plusMillis(47_999))).isEqualTo(23);
        assertThat(timeline.hourAt(WALL.plusSeconds(48))).isEqualTo(-1);
        assertThat(timeline.hourAt(WALL.minusMillis(1))).isEqualTo(-1);
    }

    @Test
    void compressesAHalfHourRecordToOneSecondKeepingItsValue() {
        GridIntensity r = GridIntensity.newBuilder().setZone("GB").setValidFrom(FROM.plus(Duration.ofMinutes(30)))
                .setValidTo(FROM.plus(Duration.ofHours(1))).setGco2PerKwh(61.5).setSignal(SignalType.AVERAGE)
                .setKind(IntensityKind.MEASURED).setSource("neso").build();

        GridIntensity c = timeline.compress(r);

        assertThat(c.getValidFrom()).isEqualTo(WALL.plusSeconds(1));
        assertThat(c.getValidTo()).isEqualTo(WALL.plusSeconds(2));
        assertThat(c.getGco2PerKwh()).isEqualTo(61.5);
        assertThat(c.getZone()).isEqualTo("GB");
        assertThat(c.getKind()).isEqualTo(IntensityKind.MEASURED);
    }
}
