package org.carbonedge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.FeedException;
import org.carbonedge.feed.demo.DemoProfiles;
import org.carbonedge.feed.replay.IntensitySink;
import org.carbonedge.feed.replay.ReplayClock;
import org.carbonedge.feed.replay.ZoneAliases;
import org.junit.jupiter.api.Test;

/** The real-time demo feed publishes each UTC hour just before it starts, never more than the lead ahead. */
class RealTimeDemoFeedTest {

    /** A clock that jumps to whatever time it is asked to sleep until. */
    private static final class JumpingClock implements ReplayClock {
        Instant now;

        JumpingClock(Instant start) {
            now = start;
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public void sleepUntil(Instant wallTime) {
            if (wallTime.isAfter(now)) {
                now = wallTime;
            }
        }
    }

    /** Remembers each record with the clock time it was published at. */
    private static final class TimedSink implements IntensitySink {
        final List<GridIntensity> records = new ArrayList<>();
        final List<Instant> publishedAt = new ArrayList<>();
        final ReplayClock clock;
        int flushes;

        TimedSink(ReplayClock clock) {
            this.clock = clock;
        }

        @Override
        public void accept(GridIntensity record) {
            records.add(record);
            publishedAt.add(clock.now());
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    @Test
    void withForecastHoursEachHourAlsoForecastsTheNextHoursFromTheSameProfileAsIssuedThen() {
        JumpingClock clock = new JumpingClock(Instant.parse("2024-06-01T10:37:12Z"));
        TimedSink sink = new TimedSink(clock);

        long n = new RealTimeDemoFeed(List.of("DE"), ZoneAliases.none(), sink, clock).withForecastHours(24).run(2);

        assertThat(n).isEqualTo(2 * (1 + 24));
        List<GridIntensity> forecasts = sink.records.stream()
                .filter(r -> r.getKind() == org.carbonedge.avro.IntensityKind.FORECAST).toList();
        assertThat(forecasts).hasSize(48).allSatisfy(r -> {
            assertThat(r.getSource()).isEqualTo(RealTimeDemoFeed.FORECAST_SOURCE);
            assertThat(r.getValidFrom()).isAfter(r.getPublishedAt());
        });
        assertThat(forecasts.get(0).getValidFrom()).isEqualTo(at("11:00"));
        assertThat(forecasts.get(0).getPublishedAt()).isEqualTo(at("09:59"));
        assertThat(forecasts.get(24).getPublishedAt()).as("the second hour's issue").isEqualTo(at("10:59"));
        // the forecast of an hour is the value the feed publishes for it when it comes
        GridIntensity actual = sink.records.stream().filter(r -> r.getKind() != org.carbonedge.avro.IntensityKind.FORECAST
                && r.getValidFrom().equals(at("11:00"))).findFirst().orElseThrow();
        assertThat(forecasts.get(0).getGco2PerKwh()).isEqualTo(actual.getGco2PerKwh());
        assertThatThrownBy(() -> new RealTimeDemoFeed(List.of("DE"), ZoneAliases.none(), sink, clock)
                .withForecastHours(-1)).isInstanceOf(FeedException.class);
    }

    @Test
    void publishesTheCurrentHourAtOnceThenEachHourOneMinuteBeforeItStarts() {
        JumpingClock clock = new JumpingClock(Instant.parse("2024-06-01T10:37:12Z"));
        TimedSink sink = new TimedSink(clock);

        long n = new RealTimeDemoFeed(List.of("DE", "FR"), ZoneAliases.parse(List.of("edge-paris=FR")), sink, clock).run(3);

        assertThat(n).isEqualTo(9);
        assertThat(sink.flushes).isEqualTo(3);
        assertThat(sink.records).extracting(GridIntensity::getZone)
                .containsExactly("DE", "FR", "edge-paris", "DE", "FR", "edge-paris", "DE", "FR", "edge-paris");
        assertThat(sink.records).extracting(GridIntensity::getValidFrom).containsExactly(
                at("10:00"), at("10:00"), at("10:00"), at("11:00"), at("11:00"), at("11:00"), at("12:00"), at("12:00"), at("12:00"));
        assertThat(sink.publishedAt).containsExactly(
                at("10:37:12"), at("10:37:12"), at("10:37:12"), at("10:59"), at("10:59"), at("10:59"), at("11:59"), at("11:59"), at("11:59"));
        for (GridIntensity r : sink.records) {
            String zone = r.getZone().equals("edge-paris") ? "FR" : r.getZone();
            assertThat(r.getGco2PerKwh()).isEqualTo(DemoProfiles.gco2PerKwh(zone, r.getValidFrom().atZone(java.time.ZoneOffset.UTC).getHour()));
        }
    }

    @Test
    void unknownZonesAndAliasesOfUnpublishedZonesFailAtOnce() {
        JumpingClock clock = new JumpingClock(Instant.parse("2024-06-01T10:00:00Z"));
        TimedSink sink = new TimedSink(clock);
        assertThatThrownBy(() -> new RealTimeDemoFeed(List.of("XX"), ZoneAliases.none(), sink, clock))
                .isInstanceOf(FeedException.class).hasMessageContaining("no demo profile for zone 'XX'");
        assertThatThrownBy(() -> new RealTimeDemoFeed(List.of("DE"), ZoneAliases.parse(List.of("a=FR")), sink, clock))
                .isInstanceOf(FeedException.class).hasMessageContaining("zone FR is not published");
    }

    private static Instant at(String time) {
        return Instant.parse("2024-06-01T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }
}
