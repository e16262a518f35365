package org.carbonedge.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster for restart tests: jobs checkpoint to a directory and keep their checkpoints when cancelled
 * ({@code execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION}), a checkpoint can be
 * taken on demand (so a test knows exactly what the last checkpoint holds), and a job can be submitted restored
 * from a retained checkpoint ({@code execution.state-recovery.path}), as an operator would after a crash.
 */
public final class CheckpointedMiniCluster implements AutoCloseable {

    /** Periodic interval for jobs whose checkpoints the test takes itself: never reached by a test. */
    public static final Duration MANUAL_ONLY = Duration.ofHours(1);

    private static final long TIMEOUT_SECONDS = 60;

    private final Configuration conf;
    private final MiniCluster cluster;
    private final int parallelism;

    private CheckpointedMiniCluster(Configuration conf, MiniCluster cluster, int parallelism) {
        this.conf = conf;
        this.cluster = cluster;
        this.parallelism = parallelism;
    }

    /** Starts a cluster with one task manager of {@code parallelism} slots, checkpointing into {@code checkpointDir}. */
    public static CheckpointedMiniCluster start(Path checkpointDir, int parallelism) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");   // a fatal error fails the test, no loop
        conf.set(PipelineOptions.GENERIC_TYPES, false);               // every type needs a real serializer
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism).build());
        cluster.start();
        return new CheckpointedMiniCluster(conf, cluster, parallelism);
    }

    /**
     * Builds a job with {@code build} and submits it, restored from {@code checkpoint} (a retained {@code chk-N}
     * path) unless that is null; returns once every subtask runs (so a checkpoint can be taken at once).
     */
    public JobID submit(Consumer<StreamExecutionEnvironment> build, String checkpoint) throws Exception {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration(conf));
        env.setParallelism(parallelism);
        build.accept(env);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        if (checkpoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(checkpoint, false));
        }
        JobID id = cluster.submitJob(graph).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getJobID();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS))
                .until(() -> cluster.getJobStatus(id).get() == JobStatus.RUNNING && allTasksRunning(id));
        return id;
    }

    /** Whether every subtask of {@code job} runs (a job is RUNNING while some subtasks still initialise). */
    private boolean allTasksRunning(JobID job) throws Exception {
        for (var vertex : cluster.getExecutionGraph(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getAllExecutionVertices()) {
            if (vertex.getExecutionState() != org.apache.flink.runtime.execution.ExecutionState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    /** Takes a checkpoint of {@code job} now and waits until it completed; its path, to restore from. */
    public String checkpoint(JobID job) throws Exception {
        return cluster.triggerCheckpoint(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Cancels {@code job} (its checkpoints are retained) and waits until it has stopped. */
    public void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        cluster.requestJobResult(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The job's status (RUNNING while it is healthy). */
    public JobStatus status(JobID job) throws Exception {
        return cluster.getJobStatus(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
