package org.carbonedge.ingest.gateway;

import org.carbonedge.ingest.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.HeldRequest;
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

    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void aHeldRequestIsHeldUntilItsOutcomeAndTheNewestDecisionWins() {
        tracker.track("h", "tiny", "green", T.plus(Duration.ofHours(6)));
        assertThat(status("h")).isEqualTo("PENDING");
        tracker.onHeldRequest(IngestFixtures.held("h", T.plusSeconds(60), T.plus(Duration.ofHours(3)), "solar at 14:00"));
        RequestStatus held = tracker.status("h").orElseThrow();
        assertThat(held.status()).isEqualTo("HELD");
        assertThat(held.reason()).isEqualTo("solar at 14:00");
        assertThat(held.held().releaseAt()).isEqualTo("2026-05-01T15:00:00Z");
        assertThat(held.held().expectedGco2()).isEqualTo(0.4);
        assertThat(held.held().runNowGco2()).isEqualTo(1.0);
        assertThat(held.emissions()).isNull();

        // a re-plan replaces it; an older decision read late does not
        tracker.onHeldRequest(IngestFixtures.held("h", T.plusSeconds(600), T.plus(Duration.ofHours(2)), "wind tonight"));
        tracker.onHeldRequest(IngestFixtures.held("h", T.plusSeconds(300), T.plus(Duration.ofHours(5)), "stale plan"));
        assertThat(tracker.status("h").orElseThrow().reason()).isEqualTo("wind tonight");
        assertThat(tracker.status("h").orElseThrow().held().releaseAt()).isEqualTo("2026-05-01T14:00:00Z");
        assertThat(tracker.heldSeen()).isEqualTo(1);

        // the emission record wins, and a notice read after it changes nothing
        EmissionRecord done = IngestFixtures.deferredEmission("h", 1.0, 7_200_000);
        tracker.onEmission(done);
        clock.advance(Duration.ofSeconds(2));
        tracker.onHeldRequest(IngestFixtures.held("h", T.plusSeconds(900), T.plus(Duration.ofHours(4)), "too late"));
        RequestStatus ok = tracker.status("h").orElseThrow();
        assertThat(ok.status()).isEqualTo("OK");
        assertThat(ok.held()).isNull();
        assertThat(ok.reason()).isNull();
        assertThat(ok.emissions().heldMillis()).isEqualTo(7_200_000);
        assertThat(ok.emissions().runNowGco2()).isEqualTo(1.0);
        assertThat(ok.emissions().savedGco2()).isEqualTo(1.0 - 1.2e-7);
        assertThat(ok.emissions().releasedAt()).isEqualTo(done.getReleasedAt().toString());
        assertThat(tracker.heldSeen()).isEqualTo(1);
    }

    @Test
    void aNoticeReadAfterTheEmissionRecordNeverShowsHeld() {
        tracker.track("late", "tiny", "green", T.plus(Duration.ofHours(6)));
        tracker.onEmission(IngestFixtures.emission("late", InferenceStatus.FAILED, "stage 0 failed"));
        tracker.onHeldRequest(IngestFixtures.held("late", T, T.plus(Duration.ofHours(1)), "solar"));
        assertThat(status("late")).isEqualTo("FAILED");
        assertThat(tracker.heldSeen()).isZero();
    }

    @Test
    void hostileNoticesChangeNothing() {
        tracker.track("mine", "tiny", "green", T.plus(Duration.ofHours(6)));
        tracker.onHeldRequest(IngestFixtures.held("not-accepted-here", T, T.plus(Duration.ofHours(1)), "x"));
        assertThat(tracker.status("not-accepted-here")).isEmpty();
        assertThat(tracker.size()).isEqualTo(1);

        HeldRequest otherModel = IngestFixtures.held("mine", T, T.plus(Duration.ofHours(1)), "x");
        otherModel.setModelId("someone-elses-model");
        tracker.onHeldRequest(otherModel);
        assertThat(status("mine")).isEqualTo("PENDING");

        HeldRequest odd = IngestFixtures.held("mine", T, T.plus(Duration.ofHours(1)), "r".repeat(100_000));
        odd.setExpectedGco2(Double.NaN);
        odd.setRunNowGco2(Double.POSITIVE_INFINITY);
        tracker.onHeldRequest(odd);
        RequestStatus held = tracker.status("mine").orElseThrow();
        assertThat(held.status()).isEqualTo("HELD");
        assertThat(held.reason()).hasSize(RequestTracker.MAX_REASON_CHARS + 3).endsWith("...");
        assertThat(held.held().expectedGco2()).isNull();
        assertThat(held.held().runNowGco2()).isNull();

        // a dead letter still wins: the router refused it after all
        tracker.onDeadLetter("mine", IngestFixtures.deadLetter("mine", "deadline passed"));
        assertThat(status("mine")).isEqualTo("INVALID");
        assertThat(tracker.status("mine").orElseThrow().held()).isNull();
    }

    @Test
    void aDeferrableRequestIsKeptUntilItsDeadlinePlusTheTtlAndStillCountsTowardsTheLimit() {
        tracker.track("later", "tiny", "green", T.plus(Duration.ofHours(6)));
        tracker.track("now", "tiny", "green");
        clock.advance(Duration.ofMinutes(11));
        assertThat(tracker.status("now")).isEmpty();
        assertThat(tracker.status("later")).isPresent();
        clock.advance(Duration.ofHours(6));
        assertThat(tracker.status("later")).isEmpty();
        assertThat(tracker.size()).isZero();

        tracker.track("far", "tiny", "green", Instant.MAX.minusSeconds(1)); // no overflow, no error
        tracker.track("a", "tiny", "green");
        tracker.track("b", "tiny", "green");
        tracker.track("c", "tiny", "green");
        assertThat(tracker.size()).isEqualTo(3);
        assertThat(tracker.status("far")).isEmpty(); // the oldest accepted goes first, however far its deadline
    }
}
