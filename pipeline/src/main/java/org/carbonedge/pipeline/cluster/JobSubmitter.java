package org.carbonedge.pipeline.cluster;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;

/**
 * Submits a job jar to a session cluster's REST endpoint as {@code flink run} does: the jar's main method builds the
 * job graph in this JVM, and the graph is sent with the jar, which the cluster then loads child-first in its own
 * class loader — the path where a job jar's classes clash with the cluster's, which an in-process MiniCluster never
 * walks. A job can start from a savepoint or retained checkpoint ({@code restoreFrom}).
 */
public final class JobSubmitter implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final RestClusterClient<StandaloneClusterId> client;

    /** A client of the session cluster whose REST endpoint is {@code 127.0.0.1:restPort}. */
    public JobSubmitter(String restHost, int restPort) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, restHost);
        conf.set(RestOptions.PORT, restPort);
        this.client = new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
    }

    /**
     * Submits {@code mainClass} of {@code jar} with {@code args}, from {@code restoreFrom} when given (null: fresh
     * state), and returns the job's id once the cluster accepted it.
     */
    public JobID submit(Path jar, String mainClass, String[] args, Path restoreFrom, int parallelism) throws Exception {
        return submit(jar, mainClass, args, restoreFrom, parallelism, Map.of());
    }

    /**
     * As {@link #submit(Path, String, String[], Path, int)}, with {@code jobSettings} (Flink options such as
     * {@code execution.checkpointing.dir}) applied to the job as {@code flink run -D} would: they travel in the job
     * graph to the TaskManagers.
     */
    public JobID submit(Path jar, String mainClass, String[] args, Path restoreFrom, int parallelism,
                        Map<String, String> jobSettings) throws Exception {
        PackagedProgram program = PackagedProgram.newBuilder().setJarFile(new File(jar.toString()))
                .setEntryPointClassName(mainClass).setArguments(args)
                .setSavepointRestoreSettings(restoreFrom == null ? SavepointRestoreSettings.none()
                        : SavepointRestoreSettings.forPath(restoreFrom.toString(), false))
                .build();
        try {
            JobGraph graph = PackagedProgramUtils.createJobGraph(program, Configuration.fromMap(jobSettings), parallelism,
                    false);
            return client.submitJob(graph).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            program.close();
        }
    }

    /** Cancels {@code job} (its retained checkpoints stay). */
    public void cancel(JobID job) throws Exception {
        client.cancel(job).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The job's status as the cluster reports it. */
    public JobStatus status(JobID job) throws Exception {
        return client.getJobStatus(job).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
