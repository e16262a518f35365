package org.carbonedge.pipeline.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.carbonedge.flinkruntime.FlinkRuntimeClasspath;
import org.carbonedge.platform.cluster.ChildJvm;

/**
 * A Flink standalone session cluster on one machine: a JobManager and {@code n} TaskManagers, each its own OS process
 * started from Flink's own entry points ({@code StandaloneSessionClusterEntrypoint}, {@code TaskManagerRunner}) on
 * the Flink runtime's class path alone ({@link FlinkRuntimeClasspath}: the distribution's {@code lib/} as resolved
 * from Maven Central), as the distribution's scripts would start them (the distribution itself is not on Maven
 * Central); CarbonEdge, the connector and Avro reach the TaskManagers only in a submitted job jar. Jobs are submitted to its REST endpoint as to any
 * session cluster. Every endpoint binds to loopback; the memory of each process is set explicitly, as the scripts
 * compute it. Configuration, logs and scratch space live under one directory.
 */
public final class FlinkClusterProcesses implements AutoCloseable {

    static final String JOBMANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    /** What {@code bin/flink} runs. */
    static final String CLIENT_MAIN = "org.apache.flink.client.cli.CliFrontend";
    private static final long POLL_NANOS = Duration.ofMillis(250).toNanos();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");
    /** What {@code flink run --detached} prints once the cluster accepted a job. */
    private static final Pattern SUBMITTED = Pattern.compile("submitted with JobID ([0-9a-f]{32})");

    private final Path dir;
    private final Path configDir;
    private final int restPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();

    private FlinkClusterProcesses(Path dir, int restPort) {
        this.dir = dir;
        this.configDir = dir.resolve("conf");
        this.restPort = restPort;
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers of {@code slots} slots each under {@code dir}, and
     * returns once the REST endpoint shows them all; on failure every started process is stopped.
     */
    public static FlinkClusterProcesses start(Path dir, int taskManagers, int slots, Duration readyTimeout) {
        if (taskManagers < 1 || slots < 1) {
            throw new IllegalArgumentException("at least one TaskManager with one slot");
        }
        FlinkClusterProcesses cluster = new FlinkClusterProcesses(dir.toAbsolutePath(), ChildJvm.freePort());
        try {
            FlinkClusterConfig.write(cluster.configDir, cluster.checkpointDir(), cluster.restPort, ChildJvm.freePort(),
                    ChildJvm.freePort(), slots);
            cluster.jobManager = cluster.launch("jobmanager", JOBMANAGER_MAIN, FlinkClusterConfig.JOBMANAGER_JVM);
            for (int i = 1; i <= taskManagers; i++) {
                cluster.taskManagers.add(cluster.launch("taskmanager-" + i, TASKMANAGER_MAIN,
                        FlinkClusterConfig.TASKMANAGER_JVM));
            }
            cluster.awaitTaskManagers(taskManagers, readyTimeout);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The REST endpoint jobs are submitted to, e.g. {@code http://127.0.0.1:41234}. */
    public String restAddress() {
        return "http://127.0.0.1:" + restPort;
    }

    /** Where jobs keep their retained checkpoints ({@code <jobId>/chk-<n>}). */
    public Path checkpointDir() {
        return dir.resolve("checkpoints");
    }

    /**
     * SIGKILL of the JobManager. Without an HA service its jobs end with it; the TaskManagers keep trying to
     * reconnect and register with the next JobManager on the same address.
     */
    public void killJobManager() throws InterruptedException {
        ChildJvm.kill(jobManager);
    }

    /** Starts the JobManager again (after {@link #killJobManager}), with the same ports and configuration. */
    public void restartJobManager() {
        if (jobManagerPid() > 0) {
            throw new IllegalStateException("the JobManager is running");
        }
        jobManager = launch("jobmanager", JOBMANAGER_MAIN, FlinkClusterConfig.JOBMANAGER_JVM);
    }

    /** The REST endpoint's port on 127.0.0.1. */
    public int restPort() {
        return restPort;
    }

    /** Process id of the JobManager, or -1 while it is not running. */
    public long jobManagerPid() {
        return jobManager != null && jobManager.isAlive() ? jobManager.pid() : -1;
    }

    /** Process id of TaskManager {@code id} (1-based), or -1 while it is not running. */
    public long taskManagerPid(int id) {
        Process p = taskManagers.get(id - 1);
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    /** The log file of a process: {@code jobmanager} or {@code taskmanager-N}. */
    public Path logFile(String name) {
        return dir.resolve("logs").resolve(name + ".log");
    }

    /** SIGKILL of TaskManager {@code id}, as a crash. */
    public void killTaskManager(int id) throws InterruptedException {
        ChildJvm.kill(taskManagers.get(id - 1));
    }

    /** Starts TaskManager {@code id} again (after {@link #killTaskManager}). */
    public void restartTaskManager(int id) {
        if (taskManagerPid(id) > 0) {
            throw new IllegalStateException("TaskManager " + id + " is running");
        }
        taskManagers.set(id - 1, launch("taskmanager-" + id, TASKMANAGER_MAIN, FlinkClusterConfig.TASKMANAGER_JVM));
    }

    /** TaskManagers registered with the JobManager now, as its REST endpoint says; -1 when it does not answer. */
    public int registeredTaskManagers() {
        JsonNode overview = get("/overview");
        return overview == null ? -1 : overview.path("taskmanagers").asInt(-1);
    }

    /** The state of job {@code jobId} ({@code RUNNING}, {@code FINISHED} ...), or "" when the JobManager does not know it. */
    public String jobState(String jobId) {
        JsonNode job = get("/jobs/" + jobId);
        return job == null ? "" : job.path("state").asText("");
    }

    /** A GET of the REST endpoint, its JSON answer; null when it does not answer 200 with JSON. */
    private JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restAddress() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The jobs the JobManager knows now, name to state ({@code RUNNING}, {@code RESTARTING}, {@code FAILED} ...; of
     * several jobs of one name the one not yet finished wins); empty when its REST endpoint does not answer.
     */
    public Map<String, String> jobStates() {
        JsonNode overview = get("/jobs/overview");
        if (overview == null) {
            return Map.of();
        }
        Map<String, String> states = new HashMap<>();
        for (JsonNode job : overview.path("jobs")) {
            String name = job.path("name").asText();
            String state = job.path("state").asText();
            if (!states.containsKey(name) || !TERMINAL.contains(state)) {
                states.put(name, state);
            }
        }
        return states;
    }

    /**
     * Submits {@code mainClass} of {@code jar} with {@code args} as {@code flink run --detached} does — it is
     * Flink's own command-line front end, in a JVM on the Flink runtime's class path with this cluster's
     * configuration, exactly what the distribution's {@code bin/flink} script starts. The job graph is built there,
     * not in this JVM, so the jar's classes (its Jackson and Avro among them) meet Flink's and nothing else, as on a
     * real cluster. {@code settings} are passed as {@code -D} options, {@code restoreFrom} (may be null) as
     * {@code -s}. Returns the job's id once the cluster accepted it.
     *
     * @throws IllegalStateException naming the log of the submission when it failed or took over {@code timeout}
     */
    public String runDetached(Path jar, String mainClass, List<String> args, Path restoreFrom,
                              Map<String, String> settings, Duration timeout) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("run", "--detached"));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (restoreFrom != null) {
            command.addAll(List.of("-s", restoreFrom.toString()));
        }
        command.addAll(List.of("-c", mainClass, jar.toString()));
        command.addAll(args);
        Path log = logFile("flink-run-" + mainClass.substring(mainClass.lastIndexOf('.') + 1));
        long logFrom = log.toFile().length(); // the log is appended to: this run's output starts here
        List<String> jvm = new ArrayList<>(FlinkClusterConfig.CLIENT_JVM);
        jvm.add("-Dlog.file=" + log);
        jvm.add("-Dlog4j.configurationFile=" + configDir.resolve(FlinkClusterConfig.LOG4J_FILE));
        Process run = ChildJvm.start(FlinkRuntimeClasspath.get(), CLIENT_MAIN, jvm, command,
                dir.resolve("tmp").resolve("flink-run"), log, Map.of("FLINK_CONF_DIR", configDir.toString()));
        if (!run.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            ChildJvm.kill(run);
            throw new IllegalStateException("flink run of " + mainClass + " took over " + timeout.toSeconds() + " s; see "
                    + log);
        }
        if (run.exitValue() != 0) {
            throw new IllegalStateException("flink run of " + mainClass + " failed with exit code " + run.exitValue()
                    + "; see " + log);
        }
        Matcher submitted = SUBMITTED.matcher(ChildJvm.readFrom(log, logFrom));
        String jobId = null;
        while (submitted.find()) {
            jobId = submitted.group(1);
        }
        if (jobId == null) {
            throw new IllegalStateException("flink run of " + mainClass + " printed no job id; see " + log);
        }
        return jobId;
    }

    /** Waits until {@code expected} TaskManagers are registered, failing early when a process has exited. */
    public void awaitTaskManagers(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            if (jobManager != null && !jobManager.isAlive()) {
                throw new IllegalStateException("the Flink JobManager exited with " + jobManager.exitValue() + "; see "
                        + logFile("jobmanager"));
            }
            seen = registeredTaskManagers();
            if (seen == expected) {
                return;
            }
            LockSupport.parkNanos(POLL_NANOS); // between REST calls: a refused connection answers at once
        }
        throw new IllegalStateException("the Flink cluster showed " + seen + " TaskManagers, not " + expected
                + ", within " + timeout + "; see " + dir.resolve("logs"));
    }

    /** Stops the TaskManagers, then the JobManager, with SIGTERM, forcibly after 30 s. */
    @Override
    public void close() {
        ChildJvm.stop(taskManagers);
        ChildJvm.stop(Collections.singletonList(jobManager));
    }

    private Process launch(String name, String main, List<String> jvmOptions) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dlog.file=" + logFile(name));
        options.add("-Dlog4j.configurationFile=" + configDir.resolve(FlinkClusterConfig.LOG4J_FILE));
        return ChildJvm.start(FlinkRuntimeClasspath.get(), main, options, List.of("--configDir", configDir.toString()),
                dir.resolve("tmp").resolve(name), logFile(name));
    }
}
