package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.carbonedge.avro.HeldRequest;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.SignalType;
import org.carbonedge.core.carbon.TestRecords;
import org.carbonedge.core.routing.RoutingFixtures;
import org.carbonedge.core.scheduling.DeferralConfig;
import org.carbonedge.jobs.CheckpointedMiniCluster;
import org.carbonedge.jobs.kafka.Delivery;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A held request through Kafka and a crash: the router job holds a deferrable request for a forecast clean window
 * (its notice on {@code carbonedge.held-requests}), is cancelled after a checkpoint and started again from it, and
 * the restored job releases the request once, in the window, read back from its position in
 * {@code carbonedge.validated-requests} (tensors and all), its plan carrying the hold. Time is compressed: one-second
 * release slots, a clean window seconds ahead.
 */
class RouterHoldRestartTest {

    private static final String GROUP = "hold-router";
    private static final String DEVICE = "edge-gb";
    /** One-second slots and margins, so a hold lasts seconds. */
    private static final DeferralConfig FAST = new DeferralConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
            0.7, Duration.ofMinutes(10));

    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dataDir.resolve("platform"), 0, 0);
        platform.provision(List.of(Topics.tasks(DEVICE)));
        send(Topics.MODELS, "tiny", RoutingFixtures.manifest());
        send(Topics.DEVICE_STATE, DEVICE, RoutingFixtures.device(DEVICE, "GB", 1.0, Instant.now()));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aHeldRequestSurvivesARestartAndIsReleasedOnceReadBackFromItsPosition() throws Exception {
        Instant now = Instant.now();
        Instant clean = now.plusSeconds(45);
        // measured as it will have been (a replay): 400 now, 50 in the clean window; forecast: 300, 50 in the window
        measured(now.minusSeconds(60), clean, 400);
        measured(clean, clean.plusSeconds(10), 50);
        measured(clean.plusSeconds(10), now.plusSeconds(600), 300);
        forecast(now, clean, 300, now);
        forecast(clean, clean.plusSeconds(10), 50, now);
        forecast(clean.plusSeconds(10), now.plusSeconds(600), 300, now);
        RouterConfig config = RouteFunctionHoldTest.staleAfterForTests(RouterConfig.defaults(), Duration.ofMinutes(10))
                .withDeferral(FAST).withKafka(GROUP, Delivery.exactlyOnce(GROUP));

        try (var cluster = CheckpointedMiniCluster.start(dataDir.resolve("checkpoints"), 1);
             var tasks = reader(Topics.tasks(DEVICE), "hold-tasks");
             var notices = reader(Topics.HELD_REQUESTS, "hold-notices")) {
            JobID first = cluster.submit(RouterJob.onKafka(platform.settings(),
                    config.withCheckpointInterval(CheckpointedMiniCluster.MANUAL_ONLY))::build, null);
            // a request that cannot wait: once its task is out, the job has read its tables
            InferenceRequest probe = RoutingFixtures.request("probe", "green", RoutingFixtures.floats("x", 1, 4),
                    Instant.now());
            send(Topics.VALIDATED_REQUESTS, "probe", probe);
            List<PartitionTask> out = new ArrayList<>();
            await().atMost(Duration.ofSeconds(40)).until(() -> poll(tasks, out).stream()
                    .anyMatch(t -> t.getRequestId().equals("probe")));

            InferenceRequest deferrable = InferenceRequest.newBuilder(RoutingFixtures.request("held-1", "green",
                    RoutingFixtures.floats("x", 1, 4), Instant.now())).setDeferrable(true)
                    .setDeadlineAt(clean.plusSeconds(120)).build();
            send(Topics.VALIDATED_REQUESTS, "held-1", deferrable);
            List<HeldRequest> held = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> !poll(notices, held).isEmpty());
            assertThat(held.get(0).getRequestId()).isEqualTo("held-1");
            assertThat(held.get(0).getReleaseAt()).isBetween(clean, clean.plusSeconds(10));

            String checkpoint = cluster.checkpoint(first);
            cluster.cancel(first);
            assertThat(Instant.now()).as("the restart happens before the release").isBefore(clean);
            cluster.submit(RouterJob.onKafka(platform.settings(),
                    config.withCheckpointInterval(Duration.ofSeconds(1)))::build, checkpoint);

            await().atMost(Duration.ofSeconds(90)).until(() -> poll(tasks, out).stream()
                    .anyMatch(t -> t.getRequestId().equals("held-1")));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                poll(tasks, out);
                return true;
            });
            List<PartitionTask> released = out.stream().filter(t -> t.getRequestId().equals("held-1")).toList();
            assertThat(released).as("released once").singleElement().satisfies(t -> {
                assertThat(t.getInputs()).isEqualTo(deferrable.getInputs());
                assertThat(t.getPlan().getDeferral().getReleasedAt()).isAfterOrEqualTo(clean.minusSeconds(1));
                assertThat(t.getPlan().getDeferral().getGco2PerKwhAtHold()).containsEntry("GB", 400.0);
                assertThat(t.getPlan().getDeferral().getRunNowGco2()).isGreaterThan(t.getPlan().getExpectedGco2());
            });
        }
    }

    private static void measured(Instant from, Instant to, double gco2PerKwh) throws Exception {
        send(Topics.GRID_INTENSITY, "GB", TestRecords.intensity("GB", from, to, gco2PerKwh, SignalType.AVERAGE,
                IntensityKind.MEASURED, from));
    }

    private static void forecast(Instant from, Instant to, double gco2PerKwh, Instant issuedAt) throws Exception {
        send(Topics.GRID_INTENSITY, "GB", TestRecords.intensity("GB", from, to, gco2PerKwh, SignalType.AVERAGE,
                IntensityKind.FORECAST, issuedAt));
    }

    private static <V> List<V> poll(KafkaConsumer<String, V> consumer, List<V> into) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(100))) {
            into.add(r.value());
        }
        return into;
    }

    private static <V extends SpecificRecord> KafkaConsumer<String, V> reader(TopicDef<V> def, String group) {
        return PlatformTopics.reader(platform, def, group);
    }

    private static <V extends SpecificRecord> void send(TopicDef<V> def, String key, V value) throws Exception {
        PlatformTopics.send(platform, def, key, value);
    }
}
