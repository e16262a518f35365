package org.carbonedge.cli.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.cli.UsageException;
import org.carbonedge.feed.demo.DemoFeed;
import org.carbonedge.feed.kafka.TopicTimeLimits;
import org.carbonedge.feed.replay.ReplayOptions;
import org.carbonedge.feed.replay.ReplaySpeed;
import org.junit.jupiter.api.Test;

/** Warnings about event times the broker will delete or refuse, and the parsing of times on the command line. */
class EventTimeCheckTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final TopicTimeLimits CATALOG_DEFAULTS = new TopicTimeLimits(Duration.ofDays(30), Duration.ofHours(1));
    private static final Map<String, List<GridIntensity>> WEEK_OF_2023 = DemoFeed.series(List.of("DE"),
            Instant.parse("2023-03-01T00:00:00Z"), Instant.parse("2023-03-08T00:00:00Z"));

    @Test
    void historicalTimesOlderThanTheRetentionAreWarnedAbout() {
        List<String> w = EventTimeCheck.warnings(CATALOG_DEFAULTS, ReplayOptions.builder().build(), WEEK_OF_2023, NOW);
        assertThat(w).singleElement().asString().contains("older than the retention").contains("30 days")
                .contains("retention.ms=-1");
        assertThat(EventTimeCheck.warnings(new TopicTimeLimits(null, Duration.ofHours(1)), ReplayOptions.builder().build(),
                WEEK_OF_2023, NOW)).isEmpty();
    }

    @Test
    void rebasingAheadOfTheClockIsWarnedAboutOnlyWhenItPassesTheBrokerLimit() {
        ReplayOptions maxSpeed = ReplayOptions.builder().rebaseToNow().build();
        assertThat(EventTimeCheck.warnings(CATALOG_DEFAULTS, maxSpeed, WEEK_OF_2023, NOW)).singleElement().asString()
                .contains("up to 7 days ahead").contains("message.timestamp.after.max.ms");

        ReplayOptions realTime = ReplayOptions.builder().rebaseToNow().speed(ReplaySpeed.REAL_TIME).build();
        assertThat(EventTimeCheck.warnings(CATALOG_DEFAULTS, realTime, WEEK_OF_2023, NOW)).isEmpty();

        ReplayOptions loopingFast = ReplayOptions.builder().speed(ReplaySpeed.of(3600)).loops(0).build();
        assertThat(EventTimeCheck.warnings(new TopicTimeLimits(null, Duration.ofHours(1)), loopingFast, WEEK_OF_2023, NOW))
                .singleElement().asString().contains("ever further");
    }

    @Test
    void commandLineTimesMustBeOnTheUtcAxis() {
        assertThat(TimeArguments.utc("--from", "2023-06-01")).isEqualTo(Instant.parse("2023-06-01T00:00:00Z"));
        assertThat(TimeArguments.utc("--from", "2023-06-01T02:00+02:00")).isEqualTo(Instant.parse("2023-06-01T00:00:00Z"));
        assertThatThrownBy(() -> TimeArguments.utc("--from", "01/06/2023 00:00")).isInstanceOf(UsageException.class);
        assertThat(TimeArguments.positiveDuration("--interval", "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(TimeArguments.positiveDuration("--interval", "PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> TimeArguments.positiveDuration("--interval", "0s")).hasMessageContaining("must be positive");
    }
}
