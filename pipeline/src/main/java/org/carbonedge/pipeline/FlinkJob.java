package org.carbonedge.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.carbonedge.common.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Flink job of {@code carbonedge up} on its own local MiniCluster, as a supervised component:
 * <ul>
 *   <li>it starts from the newest checkpoint or savepoint a previous run left ({@link RetainedCheckpoints}), so a
 *       restart after Ctrl-C or {@code kill -9} neither re-counts finished requests nor forgets those in flight;</li>
 *   <li>checkpoints are retained when the job ends, and a clean stop takes a savepoint first (falling back to a
 *       cancel), so the next start resumes exactly where this one stopped;</li>
 *   <li>every listener of the MiniCluster (REST, blob server, RPC) binds to {@code bindHost}, loopback by default;</li>
 *   <li>{@link #health()} says FAILED once Flink gave up on the job (its restart attempts used up), with the cause.</li>
 * </ul>
 */
public final class FlinkJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkJob.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Builds and submits the job on the environment it is given. */
    @FunctionalInterface
    public interface Submitter {
        JobClient submit(StreamExecutionEnvironment env) throws Exception;
    }

    private final String name;
    private final JobClient client;
    private final RetainedCheckpoints checkpoints;
    private final Optional<Path> restoredFrom;
    private final AtomicReference<Throwable> ended = new AtomicReference<>();
    private volatile boolean stopping;

    private FlinkJob(String name, JobClient client, RetainedCheckpoints checkpoints, Optional<Path> restoredFrom) {
        this.name = name;
        this.client = client;
        this.checkpoints = checkpoints;
        this.restoredFrom = restoredFrom;
        client.getJobExecutionResult().whenComplete((result, error) ->
                ended.compareAndSet(null, error != null ? error : new IllegalStateException("the job finished")));
    }

    /**
     * Submits {@code job} as {@code name}, checkpointing into {@code checkpointDir} and restored from the newest
     * checkpoint or savepoint there unless {@code restore} is false.
     */
    public static FlinkJob start(String name, Submitter job, Path checkpointDir, String bindHost, boolean restore)
            throws Exception {
        return start(name, job, checkpointDir, bindHost, restore, RESTART_ATTEMPTS);
    }

    /** Restarts Flink tries before it gives up on a job (2 s apart), after which the job counts as failed. */
    static final int RESTART_ATTEMPTS = 10;

    static FlinkJob start(String name, Submitter job, Path checkpointDir, String bindHost, boolean restore,
                          int restartAttempts) throws Exception {
        RetainedCheckpoints checkpoints = new RetainedCheckpoints(checkpointDir);
        Optional<Path> from = restore ? checkpoints.latest() : Optional.empty();
        from.ifPresent(checkpoints::pruneAllBut);
        Configuration conf = configuration(checkpointDir, bindHost);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        from.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        JobClient client = job.submit(env);
        if (from.isPresent()) {
            LOG.info("{} job {} restored from {}", name, client.getJobID(), from.get());
        } else {
            LOG.info("{} job {} started without earlier state", name, client.getJobID());
        }
        return new FlinkJob(name, client, checkpoints, from);
    }

    /** The MiniCluster's settings: retained checkpoints, a bounded restart strategy and listeners on {@code bindHost}. */
    static Configuration configuration(Path checkpointDir, String bindHost) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        // closed by default: the REST endpoint, blob server and RPC of the local cluster listen on bindHost only
        conf.set(RestOptions.BIND_ADDRESS, bindHost);
        conf.set(RestOptions.ADDRESS, bindHost);
        conf.set(JobManagerOptions.BIND_HOST, bindHost);
        conf.set(JobManagerOptions.ADDRESS, bindHost);
        conf.set(TaskManagerOptions.BIND_HOST, bindHost);
        conf.set(TaskManagerOptions.HOST, bindHost);
        conf.set(CoreOptions.TMP_DIRS, System.getProperty("java.io.tmpdir"));
        return conf;
    }

    public String name() {
        return name;
    }

    /** The checkpoint or savepoint this run started from, if any. */
    public Optional<Path> restoredFrom() {
        return restoredFrom;
    }

    /** UP while running, STARTING while (re)starting, FAILED once Flink gave up or the job ended on its own. */
    public Health health() {
        if (stopping) {
            return Health.stopped();
        }
        Throwable end = ended.get();
        if (end != null) {
            return Health.failed("job ended: " + Health.describe(end));
        }
        JobStatus status;
        try {
            status = client.getJobStatus().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Health.starting("status unknown: " + Health.describe(e));
        }
        return switch (status) {
            case RUNNING -> Health.up(restoredFrom.map(p -> "restored from " + p.getFileName()).orElse(""));
            case INITIALIZING, CREATED, RESTARTING, RECONCILING -> Health.starting(status.name().toLowerCase());
            default -> Health.failed("job is " + status + causeOfEnd());
        };
    }

    /** Why the job ended, as far as Flink says within a moment (its result future completes just after the status). */
    private String causeOfEnd() {
        try {
            client.getJobExecutionResult().get(2, TimeUnit.SECONDS);
            return "";
        } catch (java.util.concurrent.ExecutionException e) {
            return ": " + Health.describe(e.getCause());
        } catch (Exception e) {
            return "";
        }
    }

    /** Takes a savepoint and stops (so the next start resumes exactly here); cancels if that does not work. */
    @Override
    public void close() throws Exception {
        if (stopping) {
            return;
        }
        stopping = true;
        if (ended.get() != null) {
            return;
        }
        try {
            CompletableFuture<String> savepoint = client.stopWithSavepoint(false,
                    checkpoints.savepointDir().toUri().toString(), SavepointFormatType.CANONICAL);
            String path = savepoint.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("{} job stopped with savepoint {}", name, path);
        } catch (Exception e) {
            LOG.warn("{} job: stop with savepoint failed ({}); cancelling, the last checkpoint is kept", name,
                    Health.describe(e));
            try {
                client.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception cancel) {
                LOG.warn("{} job: cancel failed: {}", name, Health.describe(cancel));
            }
        }
    }
}
