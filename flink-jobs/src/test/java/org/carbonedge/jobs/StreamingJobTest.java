package org.carbonedge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.jobs.testing.CollectingSink;
import org.junit.jupiter.api.Test;

/**
 * What every job gets from {@link StreamingJob}: it cannot be built with a source or a sink missing, and its environment
 * checkpoints exactly once at the job's interval unless it already checkpoints, and reuses objects.
 */
class StreamingJobTest {

    private static final ClientSettings REGISTRY = ClientSettings.of("127.0.0.1:1", "http://127.0.0.1:1");

    record CopySettings(Duration checkpointInterval, String service) implements StreamingJob.Settings {
    }

    record In(Source<Long, ?, ?> numbers) {
    }

    record Out(Sink<Long> collected) {
    }

    /** A job of one source and one sink. */
    static final class Copy extends StreamingJob<CopySettings, In, Out> {
        Copy(In inputs, Out outputs) {
            super("copy", new CopySettings(Duration.ofSeconds(7), "test"), REGISTRY, inputs, outputs);
        }

        @Override
        protected void addPipeline(StreamExecutionEnvironment env) {
            env.fromSequence(0, 1).uid("numbers").sinkTo(outputs.collected()).uid("sink");
        }
    }

    @Test
    void aMissingSourceOrSinkIsNamed() {
        Out out = new Out(CollectingSink.named("flink-job-test"));
        In in = new In(new NumberSequenceSource(0, 1));
        assertThatNullPointerException().isThrownBy(() -> new Copy(new In(null), out)).withMessage("numbers");
        assertThatNullPointerException().isThrownBy(() -> new Copy(in, new Out(null))).withMessage("collected");
        assertThatNullPointerException().isThrownBy(() -> new Copy(null, out)).withMessage("inputs");
    }

    @Test
    void checkpointsExactlyOnceAtTheJobsIntervalUnlessTheEnvironmentAlreadyDoes() {
        Copy job = new Copy(new In(new NumberSequenceSource(0, 1)), new Out(CollectingSink.named("flink-job-test")));

        StreamExecutionEnvironment plain = StreamExecutionEnvironment.createLocalEnvironment(1);
        job.build(plain);
        assertThat(plain.getCheckpointConfig().getCheckpointInterval()).isEqualTo(7_000);
        assertThat(plain.getCheckpointConfig().getCheckpointingConsistencyMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(plain.getConfig().isObjectReuseEnabled()).isTrue();
        assertThat(plain.getStreamGraph().getStreamNodes()).hasSize(2);

        StreamExecutionEnvironment checkpointing = StreamExecutionEnvironment.createLocalEnvironment(1);
        checkpointing.enableCheckpointing(200, CheckpointingMode.AT_LEAST_ONCE);
        job.build(checkpointing);
        assertThat(checkpointing.getCheckpointConfig().getCheckpointInterval()).isEqualTo(200);
        assertThat(checkpointing.getCheckpointConfig().getCheckpointingConsistencyMode())
                .isEqualTo(CheckpointingMode.AT_LEAST_ONCE);
    }

    @Test
    void aMainsArgumentsNameTheClusterAndAnythingElseIsRefused() {
        ClientSettings settings = Copy.settingsFrom(new String[]{"--bootstrap", "10.0.0.1:9093", "--registry", "http://r:8081"});
        assertThat(settings.bootstrapServers()).isEqualTo("10.0.0.1:9093");
        assertThat(settings.registryUrl()).isEqualTo("http://r:8081");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> Copy.settingsFrom(new String[]{"--bootstrp", "x"})).withMessageContaining("--bootstrp");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> Copy.settingsFrom(new String[]{"--registry"})).withMessageContaining("needs a value");
    }
}
