package org.carbonedge.cli.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.carbonedge.jobs.emissions.EmissionsJob;
import org.carbonedge.jobs.router.RouterJob;
import org.carbonedge.pipeline.RetainedCheckpoints;
import org.carbonedge.pipeline.cluster.FlinkClusterProcesses;

/**
 * The router and emissions jobs on the local Flink cluster, from the same job jar the Docker image runs, submitted
 * through the REST endpoint as {@code flink run} does. Without an HA service a JobManager that comes back has
 * forgotten its jobs, and a job whose restarts are used up stays FAILED: {@link #ensureRunning} submits every job
 * that is not running or restarting, each from its newest retained checkpoint, so requests in flight are neither lost
 * nor counted twice. Submission is {@code flink run} itself ({@link FlinkClusterProcesses#runDetached}). Each job checkpoints under a directory of its own name, which is how a checkpoint is found again
 * once the job id that wrote it is forgotten (as {@code docker/flink/submit-jobs.sh} does).
 */
final class ClusterJobs {

    /** A job of the jar: its name on the cluster and its main class. */
    record Job(String name, String mainClass) {
    }

    static final List<Job> JOBS = List.of(new Job(RouterJob.NAME, RouterJob.class.getName()),
            new Job(EmissionsJob.NAME, EmissionsJob.class.getName()));
    /** States of a job that is there or on its way back: anything else is resubmitted. */
    private static final Set<String> ALIVE = Set.of("INITIALIZING", "CREATED", "RUNNING", "RESTARTING", "RECONCILING");
    /** Restarts Flink tries (2 s apart) before a job counts as failed and is resubmitted from its checkpoint. */
    static final int RESTART_ATTEMPTS = 30;

    private final FlinkClusterProcesses flink;
    private final Path jobJar;
    private static final java.time.Duration SUBMIT_TIMEOUT = java.time.Duration.ofMinutes(2);
    private final List<String> jobArgs;

    ClusterJobs(FlinkClusterProcesses flink, Path jobJar, String bootstrap, String registryUrl) {
        this.flink = flink;
        this.jobJar = jobJar;
        this.jobArgs = List.of("--bootstrap", bootstrap, "--registry", registryUrl);
    }

    /**
     * Submits each job the cluster does not have alive, from its newest retained checkpoint; returns one line per
     * submission. Does nothing while the JobManager does not answer.
     */
    List<String> ensureRunning() throws Exception {
        if (flink.jobManagerPid() < 0 || flink.registeredTaskManagers() < 0) {
            return List.of();
        }
        return submit(flink.jobStates());
    }

    /**
     * Submits every job, from its newest retained checkpoint, to a JobManager that was just started again: it has no
     * job, so there is nothing to ask it. The submissions start at once, while it is still starting — each
     * {@code flink run} starts its JVM and builds its job graph meanwhile, and its REST client retries until the
     * endpoint answers — instead of after.
     */
    List<String> submitAllToNewJobManager() throws Exception {
        return submit(Map.of());
    }

    private List<String> submit(Map<String, String> states) throws Exception {
        List<String> lines = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<String>> submissions = new ArrayList<>();
        for (Job job : JOBS) {
            String state = states.get(job.name());
            if (state != null && ALIVE.contains(state)) {
                continue;
            }
            Optional<Path> from = checkpoints(job).latest();
            // each submission is a JVM of its own (flink run): both at once halve the time jobs are away
            submissions.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    flink.runDetached(jobJar, job.mainClass(), jobArgs, from.orElse(null), settings(job), SUBMIT_TIMEOUT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while submitting " + job.name(), e);
                }
                return "cluster: job " + job.name() + (state == null ? "" : " (was " + state + ")") + " submitted"
                        + from.map(p -> " from " + p).orElse("");
            }));
        }
        for (java.util.concurrent.CompletableFuture<String> submission : submissions) {
            try {
                lines.add(submission.join());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return lines;
    }

    /** Whether every job is RUNNING now. */
    boolean allRunning() {
        Map<String, String> states = flink.jobStates();
        return JOBS.stream().allMatch(j -> "RUNNING".equals(states.get(j.name())));
    }

    private RetainedCheckpoints checkpoints(Job job) {
        return new RetainedCheckpoints(flink.checkpointDir().resolve(job.name()));
    }

    /** What {@code flink run -D} would set for the job. */
    private Map<String, String> settings(Job job) {
        return Map.of(
                "execution.checkpointing.dir", checkpoints(job).dir().toUri().toString(),
                "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION",
                "execution.checkpointing.num-retained", "2",
                "state.backend.type", "hashmap",
                "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", String.valueOf(RESTART_ATTEMPTS),
                "restart-strategy.fixed-delay.delay", "2 s");
    }
}
