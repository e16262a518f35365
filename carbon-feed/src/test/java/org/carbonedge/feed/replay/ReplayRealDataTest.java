package org.carbonedge.feed.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.feed.FeedLoadOptions;
import org.carbonedge.feed.FeedLoader;
import org.carbonedge.feed.LoadedFeed;
import org.carbonedge.feed.SharedData;
import org.carbonedge.feed.quality.GapPolicy;
import org.junit.jupiter.api.Test;

/** A full year of the ten 2023 zones replays once each, in event-time order per zone and overall. */
class ReplayRealDataTest {
    @Test
    void tenZoneYearReplaysEveryRecordOnceInEventTimeOrder() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SharedData.grid("electricitymaps"))) {
            files = s.sorted().collect(Collectors.toList());
        }
        LoadedFeed feed = new FeedLoader(FeedLoadOptions.of(GapPolicy.LEAVE)).load(files);
        CountingOrderSink sink = new CountingOrderSink();
        ReplayResult result = new ReplayEngine(ReplayOptions.builder().aliases(ZoneAliases.parse(List.of("edge-berlin=DE")))
                .build(), new ManualClock(Instant.parse("2030-01-01T00:00:00Z"))).run(feed.series(), sink,
                ReplayListener.NONE);
        assertEquals(87_600 + 8_760, result.emitted());
        assertEquals(11, result.perZone().size());
        assertTrue(result.perZone().values().stream().allMatch(n -> n == 8_760));
        assertEquals(0, sink.outOfOrder);
        assertEquals(87_600 + 8_760, sink.count);
    }

    /** Checks global and per-zone event-time order without keeping the records. */
    private static final class CountingOrderSink implements IntensitySink {
        long count;
        long outOfOrder;
        Instant last = Instant.MIN;
        final Map<String, Instant> lastByZone = new HashMap<>();

        @Override
        public void accept(GridIntensity record) {
            count++;
            if (record.getValidFrom().isBefore(last)) {
                outOfOrder++;
            }
            Instant previous = lastByZone.put(record.getZone(), record.getValidFrom());
            if (previous != null && !record.getValidFrom().isAfter(previous)) {
                outOfOrder++;
            }
            last = record.getValidFrom();
        }

        @Override
        public void flush() {
        }
    }
}
