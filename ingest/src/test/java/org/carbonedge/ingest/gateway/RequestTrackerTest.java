package org.carbonedge.ingest.gateway;

import org.carbonedge.ingest.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.junit.jupiter.api.Test;

class RequestTrackerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T12:00:00Z"));
    private final RequestTracker tracker = new RequestTracker(clock, Duration.ofMinutes(10), Duration.ofSeconds(2), 3);

    private String status(String id) {
        return tracker.status(id).orElseThrow().status();
    }

    @Test
    void anOkRecordWaitsForItsPredictionForTheGracePeriodOnly() {
        tracker.track("r1", "tiny", "green");
        tracker.onEmission(IngestFixtures.emission("r1", InferenceStatus.OK, null));
        assertThat(status("r1")).isEqualTo("PENDING");
        clock.advance(Duration.ofSeconds(2));
        assertThat(status("r1")).isEqualTo("OK");
        assertThat(tracker.status("r1").orElseThrow().prediction()).isNull();

        tracker.track("r2", "tiny", "green");
        tracker.onPartitionResult(IngestFixtures.lastStage("r2", 3, List.of(IngestFixtures.floats("y", new float[]{3, 1, 2}, 1, 3))));
        tracker.onEmission(IngestFixtures.emission("r2", InferenceStatus.OK, null));
        RequestStatus r2 = tracker.status("r2").orElseThrow();
        assertThat(r2.status()).isEqualTo("OK");
        assertThat(r2.prediction().outputs()).singleElement().satisfies(o -> {
            assertThat(o.values()).containsExactly(3f, 1f, 2f);
            assertThat(o.argmax()).isZero();
        });
    }

    @Test
    void onlyTheLastStagesOutputsAndOnlyRequestDeadLettersCount() {
        tracker.track("r1", "tiny", "green");
        var middle = IngestFixtures.lastStage("r1", 3, List.of(IngestFixtures.floats("cut", new float[]{1}, 1, 1)));
        middle.setStageIndex(1);
        tracker.onPartitionResult(middle);
        DeadLetter telemetry = IngestFixtures.deadLetter("r1", "unreadable heartbeat");
        telemetry.setSourceTopic("carbonedge.telemetry");
        tracker.onDeadLetter("r1", telemetry);
        tracker.onDeadLetter("someone-else", IngestFixtures.deadLetter("someone-else", "bad"));
        assertThat(tracker.status("r1").orElseThrow().prediction()).isNull();
        assertThat(status("r1")).isEqualTo("PENDING");
        tracker.onDeadLetter("r1", IngestFixtures.deadLetter("r1", "input 'x' must be FLOAT32, was INT32"));
        assertThat(tracker.status("r1").orElseThrow().reason()).isEqualTo("input 'x' must be FLOAT32, was INT32");
        assertThat(status("r1")).isEqualTo("INVALID");
        assertThat(tracker.status("someone-else")).isEmpty();
    }

    @Test
    void memoryIsBoundedByCountAndTimeToLive() {
        tracker.track("a", "tiny", "green");
        clock.advance(Duration.ofMinutes(4));
        tracker.track("b", "tiny", "green");
        tracker.track("c", "tiny", "green");
        tracker.track("d", "tiny", "green");
        assertThat(tracker.size()).isEqualTo(3);
        assertThat(tracker.status("a")).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(tracker.status("b")).isEmpty();
        assertThat(tracker.size()).isZero();
    }
}
