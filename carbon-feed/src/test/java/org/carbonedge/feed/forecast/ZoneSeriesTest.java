package org.carbonedge.feed.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.LoadedFeed;
import org.carbonedge.feed.quality.GapPolicy;
import org.carbonedge.feed.read.NesoRecordMode;
import org.carbonedge.feed.read.ReaderSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loaded zone split into the observed history and the provider's own forecast. */
class ZoneSeriesTest {
    @TempDir
    Path dir;

    @Test
    void aNesoFileGivesTheActualsAsHistoryAndItsForecastColumnAsTheProvider() throws IOException {
        Path file = dir.resolve("neso.csv");
        Files.writeString(file, "from,to,forecast,actual,index\n"
                + "2023-01-01 00:00:00+00:00,2023-01-01 00:30:00+00:00,75,65.0,low\n"
                + "2023-01-01 00:30:00+00:00,2023-01-01 01:00:00+00:00,70,,low\n"
                + "2023-01-01 01:00:00+00:00,2023-01-01 01:30:00+00:00,71,72.0,low\n");
        FeedLoadOptions options = FeedLoadOptions.of(GapPolicy.LEAVE)
                .withReaderSettings(ReaderSettings.defaults().withNesoMode(NesoRecordMode.ACTUAL_AND_FORECAST));
        LoadedFeed feed = new FeedLoader(options).load(List.of(file));

        ZoneSeries s = ZoneSeries.of(feed.series().get("GB"));

        assertThat(s.zone()).isEqualTo("GB");
        assertThat(s.history().step()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.history().size()).isEqualTo(3);
        assertThat(s.history().gco2PerKwh(0)).isEqualTo(65.0);
        assertThat(s.history().gco2PerKwh(1)).isNaN();
        assertThat(s.provider()).isNotNull();
        assertThat(s.provider().gco2PerKwh(1)).isEqualTo(70);
    }

    @Test
    void anotherSignalIsLeftOutAndCountedAndMixedZonesAreRefused() {
        Instant t = Instant.parse("2023-01-01T00:00:00Z");
        GridIntensity average = record("DE", t, SignalType.AVERAGE);
        GridIntensity marginal = record("DE", t.plusSeconds(3600), SignalType.MARGINAL);

        ZoneSeries s = ZoneSeries.of(List.of(average, marginal));

        assertThat(s.signal()).isEqualTo(SignalType.AVERAGE);
        assertThat(s.otherSignal()).isEqualTo(1);
        assertThat(s.history().presentCount()).isEqualTo(1);
        assertThat(s.provider()).isNull();
        assertThatThrownBy(() -> ZoneSeries.of(List.of(average, record("FR", t, SignalType.AVERAGE))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZoneSeries.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static GridIntensity record(String zone, Instant from, SignalType signal) {
        return GridIntensity.newBuilder().setZone(zone).setValidFrom(from).setValidTo(from.plusSeconds(3600))
                .setGco2PerKwh(100).setSignal(signal).setKind(IntensityKind.MEASURED).setSource("test")
                .setPublishedAt(null).build();
    }

}
