package org.carbonedge.feed.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.SignalType;
import org.carbonedge.feed.read.IntensityFormat;
import org.carbonedge.feed.read.ReadResult;
import org.carbonedge.feed.replay.CollectingSink;
import org.carbonedge.feed.replay.ReplayClock;
import org.junit.jupiter.api.Test;

class LivePollerTest {
    private static GridIntensity record(int hour, double value) {
        Instant from = Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofHours(hour));
        return new GridIntensity("DE", from, from.plus(Duration.ofHours(1)), value, SignalType.AVERAGE,
                IntensityKind.MEASURED, "electricitymaps-api", null);
    }

    private static ReadResult result(GridIntensity... records) {
        return new ReadResult("api", IntensityFormat.ELECTRICITY_MAPS_JSON, records.length, List.of(records), List.of(),
                List.of());
    }

    @Test
    void sendsOnlyNewOrChangedRecordsAndSurvivesTransientErrors() {
        AtomicInteger call = new AtomicInteger();
        Supplier<ReadResult> query = () -> {
            switch (call.incrementAndGet()) {
                case 1:
                    return result(record(0, 300), record(1, 310));
                case 2:
                    throw new LiveSourceException(0, "Electricity Maps: host failed after 4 attempts");
                case 3:
                    return result(record(0, 300), record(1, 311), record(2, 320));
                default:
                    throw new LiveSourceException(401, "Electricity Maps: 401 Unauthorized");
            }
        };
        CollectingSink sink = new CollectingSink();
        List<String> log = new ArrayList<>();
        ReplayClock clock = new ReplayClock() {
            @Override
            public Instant now() {
                return Instant.EPOCH;
            }

            @Override
            public void sleepUntil(Instant wallTime) {
            }
        };
        LivePoller poller = new LivePoller(List.of(query), sink, Duration.ofMinutes(5), clock, log::add);
        assertEquals(2, poller.pollOnce());
        assertEquals(0, poller.pollOnce());
        assertEquals(List.of("Electricity Maps: host failed after 4 attempts"), log);
        assertEquals(2, poller.pollOnce(), "the revised hour 1 and the new hour 2");
        assertEquals(4, sink.size());
        LiveSourceException auth = assertThrows(LiveSourceException.class, poller::pollOnce);
        assertEquals(401, auth.status());
    }
}
