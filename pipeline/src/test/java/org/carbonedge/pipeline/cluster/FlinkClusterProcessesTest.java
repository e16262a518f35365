package org.carbonedge.pipeline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.carbonedge.pipeline.RetainedCheckpoints;
import org.carbonedge.pipeline.cluster.testjob.CountingJob;
import org.carbonedge.pipeline.cluster.testjob.SequenceJob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flink standalone session cluster as three processes (a JobManager and two TaskManagers from Flink's own entry
 * points): both TaskManagers register, a TaskManager killed with SIGKILL drops out within the heartbeat timeout, and
 * one started again registers again; a job jar submitted by `flink run` (its own front end) runs to completion on it; and
 * after a kill -9 of the JobManager (no HA service) a checkpointed job submitted again from its newest retained
 * checkpoint resumes from it.
 */
class FlinkClusterProcessesTest {

    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(2);
    private static final java.util.Set<String> TERMINAL = java.util.Set.of("FINISHED", "FAILED", "CANCELED");

    @TempDir
    Path dir;

    @Test
    void twoTaskManagersRegisterAndAKilledOneIsNoticedAndReplaced() throws Exception {
        try (FlinkClusterProcesses cluster = FlinkClusterProcesses.start(dir, 2, 2, Duration.ofMinutes(2))) {
            assertThat(List.of(cluster.jobManagerPid(), cluster.taskManagerPid(1), cluster.taskManagerPid(2)))
                    .doesNotContain(-1L, ProcessHandle.current().pid()).doesNotHaveDuplicates();
            assertThat(cluster.registeredTaskManagers()).isEqualTo(2);
            assertThat(cluster.restAddress()).startsWith("http://127.0.0.1:");

            cluster.killTaskManager(2);
            assertThat(cluster.taskManagerPid(2)).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> cluster.registeredTaskManagers() == 1);
            cluster.restartTaskManager(2);
            cluster.awaitTaskManagers(2, Duration.ofMinutes(1));

            // a job jar submitted by flink run runs on the TaskManagers, loaded from the jar it came in
            Path jar = jarOf(SequenceJob.class, dir.resolve("sequence-job.jar"));
            String job = cluster.runDetached(jar, SequenceJob.class.getName(), List.of("100000"), null,
                    Map.of("parallelism.default", "2"), SUBMIT_TIMEOUT);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TERMINAL.contains(cluster.jobState(job)));
            assertThat(cluster.jobState(job)).isEqualTo("FINISHED");

            // no HA service: a JobManager lost takes its jobs with it; the job is submitted again, from its newest
            // retained checkpoint, once a JobManager is back
            String counting = cluster.runDetached(jar, CountingJob.class.getName(), List.of(), null, Map.of(),
                    SUBMIT_TIMEOUT);
            RetainedCheckpoints retained = new RetainedCheckpoints(cluster.checkpointDir());
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300))
                    .until(() -> retained.latest().isPresent());
            assertThat(cluster.jobState(counting)).isEqualTo("RUNNING");
            cluster.killJobManager();
            cluster.restartJobManager();
            cluster.awaitTaskManagers(2, Duration.ofMinutes(1));

            Path newest = retained.latest().orElseThrow();
            String resumed = cluster.runDetached(jar, CountingJob.class.getName(), List.of(), newest, Map.of(),
                    SUBMIT_TIMEOUT);
            assertThat(cluster.jobState(counting)).as("the new JobManager does not know the old job").isEmpty();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300))
                    .until(() -> cluster.jobState(resumed).equals("RUNNING"));
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(restoredFrom(cluster, resumed)).as("the resumed job's restored checkpoint")
                            .contains(newest.getFileName() + "\""));
        }
    }

    /** What the REST endpoint says the job restored from (its checkpoints' "restored" entry), or "". */
    private static String restoredFrom(FlinkClusterProcesses cluster, String job) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.restAddress() + "/jobs/" + job
                        + "/checkpoints")).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        int at = r.body().indexOf("\"restored\":{"); // the latest restored checkpoint, not the count of restores
        return at < 0 ? "" : r.body().substring(at, Math.min(r.body().length(), at + 400));
    }

    /** A jar holding {@code type}'s package's classes (the job and its lambdas), as a build would package it. */
    private static Path jarOf(Class<?> type, Path jar) throws Exception {
        Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        String pkg = type.getPackageName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.toList()) {
                out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }
}
