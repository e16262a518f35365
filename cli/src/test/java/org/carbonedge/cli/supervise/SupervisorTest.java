package org.carbonedge.cli.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.carbonedge.pipeline.Component;
import org.carbonedge.common.Health;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {

    @TempDir
    Path dir;

    @Test
    void aComponentMustFailThreeChecksInARowBeforeTheSupervisorActs() {
        Deque<Health> answers = new ArrayDeque<>(List.of(Health.failed("slow"), Health.up(), Health.failed("a"),
                Health.failed("b"), Health.failed("queue full for good")));
        Supervisor supervisor = new Supervisor(List.of(new Component("ok", Health::up),
                new Component("flaky", answers::poll)), Duration.ofMillis(1), 3);
        assertThat(supervisor.checkOnce()).isEmpty();   // failed once
        assertThat(supervisor.checkOnce()).isEmpty();   // up again: the count starts over
        assertThat(supervisor.checkOnce()).isEmpty();
        assertThat(supervisor.checkOnce()).isEmpty();
        Optional<Supervisor.Failure> failure = supervisor.checkOnce();
        assertThat(failure).contains(new Supervisor.Failure("flaky", "queue full for good"));
        assertThat(failure.get().line()).isEqualTo("component flaky failed: queue full for good");
    }

    @Test
    void watchReturnsTheFailureOrNothingWhenToldToStop() throws Exception {
        Supervisor failing = new Supervisor(List.of(new Component("dead", () -> Health.failed("gone"))),
                Duration.ofMillis(1), 2);
        assertThat(failing.watch()).map(Supervisor.Failure::component).contains("dead");

        Supervisor healthy = new Supervisor(List.of(new Component("fine", Health::up)), Duration.ofMillis(5), 2);
        healthy.stop();
        assertThat(healthy.watch()).isEmpty();
    }

    @Test
    void aHealthCheckThatThrowsCountsAsFailed() {
        Supervisor supervisor = new Supervisor(List.of(new Component("broken", () -> {
            throw new IllegalStateException("no answer");
        })), Duration.ofMillis(1), 1);
        assertThat(supervisor.checkOnce()).map(Supervisor.Failure::reason)
                .hasValueSatisfying(r -> assertThat(r).contains("no answer"));
    }

    @Test
    void sinceIsWhenTheComponentEnteredItsState() {
        AtomicReference<Health> now = new AtomicReference<>(new Health(Health.State.STARTING, "", Instant.parse("2026-01-01T00:00:00Z")));
        Supervisor supervisor = new Supervisor(List.of(new Component("c", now::get)), Duration.ofMillis(1), 3);
        supervisor.checkOnce();
        now.set(new Health(Health.State.STARTING, "still", Instant.parse("2026-01-01T00:00:05Z")));
        supervisor.checkOnce();
        assertThat(supervisor.last().components().get(0).getValue().since()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        now.set(new Health(Health.State.UP, "", Instant.parse("2026-01-01T00:00:09Z")));
        supervisor.checkOnce();
        assertThat(supervisor.last().components().get(0).getValue().since()).isEqualTo(Instant.parse("2026-01-01T00:00:09Z"));
    }

    @Test
    void theStatusFileRoundTripsAndKnowsWhetherItsProcessRuns() {
        StatusFile file = new StatusFile(dir, Map.of("bootstrap", "127.0.0.1:9092"), Clock.systemUTC());
        Supervisor supervisor = new Supervisor(List.of(new Component("platform", Health::up),
                new Component("router-job", () -> Health.failed("job is FAILED"))), Duration.ofMillis(1), 3)
                .onCheck(file);
        supervisor.checkOnce();
        StatusFile.Read read = StatusFile.read(dir);
        assertThat(read.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(read.live(Instant.now())).isTrue();
        assertThat(read.live(Instant.now().plusMillis(StatusFile.STALE_AFTER_MILLIS + 1_000))).isFalse();
        assertThat(read.endpoints()).containsEntry("bootstrap", "127.0.0.1:9092");
        assertThat(read.components()).extracting(Map.Entry::getKey).containsExactly("platform", "router-job");
        assertThat(read.components().get(1).getValue().detail()).isEqualTo("job is FAILED");

        file.write(supervisor.last(), "component router-job failed: job is FAILED");
        assertThat(StatusFile.read(dir).live(Instant.now())).isFalse();
    }

    @Test
    void aMissingStatusFileIsOneLineNotAStackTrace() {
        assertThatThrownBy(() -> StatusFile.read(dir.resolve("nowhere")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has not run with this --data-dir");
    }

    @Test
    void componentUpIsOneOnlyForUpComponents() throws Exception {
        ComponentMetrics metrics = new ComponentMetrics();
        new Supervisor(List.of(new Component("a", Health::up), new Component("b", () -> Health.starting("x"))),
                Duration.ofMillis(1), 3).onCheck(metrics).checkOnce();
        var out = new java.io.ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        assertThat(out.toString()).contains("carbonedge_component_up{component=\"a\"} 1.0")
                .contains("carbonedge_component_up{component=\"b\"} 0.0");
    }
}
