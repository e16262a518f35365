package org.carbonedge.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Forecasts that arrive late, out of order and overlapping, and measured values beside them. */
class ZoneOutlookTest {

    private static final Instant T = Instant.parse("2023-03-01T00:00:00Z");

    private static Instant h(int hours) {
        return T.plus(Duration.ofHours(hours));
    }

    @Test
    void theMostRecentlyIssuedForecastWinsWhateverOrderTheyArrivedIn() {
        ZoneOutlook inOrder = new ZoneOutlook();
        inOrder.forecast("GB", h(5), h(6), 200, h(0));
        inOrder.forecast("GB", h(5), h(6), 150, h(2));
        ZoneOutlook reversed = new ZoneOutlook();
        assertThat(reversed.forecast("GB", h(5), h(6), 150, h(2))).isTrue();
        assertThat(reversed.forecast("GB", h(5), h(6), 200, h(0))).as("an older issue arriving late").isFalse();

        assertThat(inOrder.gco2PerKwh("GB", T, h(5).plusSeconds(60))).isEqualTo(150);
        assertThat(reversed.gco2PerKwh("GB", T, h(5).plusSeconds(60))).isEqualTo(150);
    }

    @Test
    void aNewerIssueOnAFinerGridCoversTheOlderCoarseOne() {
        ZoneOutlook o = new ZoneOutlook();
        o.forecast("GB", h(4), h(5), 300, h(0));
        o.forecast("GB", h(4).plus(Duration.ofMinutes(30)), h(5), 120, h(1));
        assertThat(o.gco2PerKwh("GB", T, h(4).plus(Duration.ofMinutes(10)))).isEqualTo(300);
        assertThat(o.gco2PerKwh("GB", T, h(4).plus(Duration.ofMinutes(40)))).isEqualTo(120);
    }

    @Test
    void nowIsMeasuredAheadIsForecastAndBeyondIsUnknown() {
        ZoneOutlook o = new ZoneOutlook();
        o.measured("GB", T, 250);
        o.measured("GB", T.minusSeconds(600), 999); // older than what is known: ignored
        o.forecast("GB", T, h(1), 240, T);
        o.forecast("GB", h(1), h(2), 180, T);
        assertThat(o.gco2PerKwh("GB", T, T)).isEqualTo(250);
        assertThat(o.gco2PerKwh("GB", T, h(1))).isEqualTo(180);
        assertThat(o.gco2PerKwh("GB", T, h(2))).isNaN();
        assertThat(o.gco2PerKwh("FR", T, h(1))).isNaN();
        assertThat(o.horizon("GB")).isEqualTo(h(2));
        assertThat(o.horizon("FR")).isNull();
    }

    @Test
    void hostileValuesAreNotKept() {
        ZoneOutlook o = new ZoneOutlook();
        assertThat(o.forecast("GB", h(1), h(1), 100, T)).as("empty").isFalse();
        assertThat(o.forecast("GB", h(2), h(1), 100, T)).as("backwards").isFalse();
        assertThat(o.forecast("GB", h(1), h(30), 100, T)).as("longer than a day").isFalse();
        assertThat(o.forecast("GB", h(1), h(2), Double.NaN, T)).isFalse();
        assertThat(o.forecast("GB", h(1), h(2), -5, T)).isFalse();
        assertThat(o.forecast("GB", h(1), h(2), Double.POSITIVE_INFINITY, T)).isFalse();
        assertThat(o.horizon("GB")).isNull();
    }

    @Test
    void itStaysBoundedAndForgetsWhatEnded() {
        ZoneOutlook o = new ZoneOutlook();
        for (int i = 0; i < ZoneOutlook.MAX_INTERVALS_PER_ZONE + 500; i++) {
            o.forecast("GB", T.plus(Duration.ofMinutes(30L * i)), T.plus(Duration.ofMinutes(30L * i + 30)), i, T);
        }
        assertThat(o.gco2PerKwh("GB", T, T.plusSeconds(60))).as("oldest dropped").isNaN();
        // 4,596 half-hours given, the newest 4,096 kept: hours 250 to 2,298
        assertThat(o.gco2PerKwh("GB", T, h(250))).isEqualTo(500);
        o.forgetBefore(h(1000));
        assertThat(o.gco2PerKwh("GB", T, h(999))).isNaN();
        assertThat(o.gco2PerKwh("GB", T, h(1000))).isEqualTo(2000);
    }
}
