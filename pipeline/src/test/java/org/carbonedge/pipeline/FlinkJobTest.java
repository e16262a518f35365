package org.carbonedge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.carbonedge.common.Health;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job of {@code up} that Flink gives up on is reported FAILED with its cause, never left looking alive. */
class FlinkJobTest {

    @TempDir
    Path dir;

    @Test
    void aJobThatKeepsFailingEndsFailedWithItsCause() throws Exception {
        try (FlinkJob job = FlinkJob.start("poisoned", env -> {
            env.fromSequence(0, Long.MAX_VALUE).map(new Poison()).uid("poison").name("poison")
                    .sinkTo(new DiscardingSink<>()).uid("discard");
            return env.executeAsync("poisoned");
        }, dir.resolve("checkpoints"), EmbeddedPipeline.LOOPBACK, true, 0)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> job.health().isFailed());
            Health h = job.health();
            assertThat(h.detail()).contains("poisoned record 3");   // the cause, not only "FAILED"
            assertThat(job.restoredFrom()).isEmpty();
        }
    }

    @Test
    void everyListenerOfTheMiniClusterBindsTheGivenHost() {
        Configuration conf = FlinkJob.configuration(dir, "127.0.0.1");
        assertThat(conf.get(RestOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(conf.get(JobManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(conf.get(TaskManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
    }

    private static final class Poison implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            if (value == 3) {
                throw new IllegalStateException("poisoned record " + value);
            }
            return value;
        }
    }
}
