package org.carbonedge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job submitter's choice of checkpoint, run by bash on the script itself: after a JobManager restart (no HA
 * service) a job resumes from its newest <em>completed</em> checkpoint, found under the directory of its own name —
 * never another job's, never one still being written (no {@code _metadata} yet).
 */
class SubmitJobsScriptTest {

    private static final Path SCRIPT = Path.of("flink", "submit-jobs.sh");

    @TempDir
    Path checkpoints;

    @Test
    void aJobResumesFromItsOwnNewestCompletedCheckpoint() throws Exception {
        completed("carbonedge-router", "old-job-id", "chk-40", Instant.parse("2026-12-07T10:00:00Z"));
        completed("carbonedge-router", "last-job-id", "chk-7", Instant.parse("2026-12-07T11:00:00Z"));
        Files.createDirectories(checkpoints.resolve("carbonedge-router/last-job-id/chk-8")); // being written: no _metadata
        completed("carbonedge-emissions", "its-id", "chk-99", Instant.parse("2026-12-07T12:00:00Z"));

        assertThat(newestCheckpoint("carbonedge-router"))
                .isEqualTo(checkpoints.resolve("carbonedge-router/last-job-id/chk-7").toString());
        assertThat(newestCheckpoint("carbonedge-emissions"))
                .isEqualTo(checkpoints.resolve("carbonedge-emissions/its-id/chk-99").toString());
        assertThat(newestCheckpoint("never-ran")).as("no checkpoint: a fresh start").isEmpty();
    }

    private void completed(String job, String jobId, String chk, Instant at) throws Exception {
        Path metadata = Files.createDirectories(checkpoints.resolve(job).resolve(jobId).resolve(chk)).resolve("_metadata");
        Files.writeString(metadata, "x");
        Files.setLastModifiedTime(metadata, FileTime.from(at));
    }

    private String newestCheckpoint(String job) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source \"$0\" --functions && newest_checkpoint \"$1\"",
                DeploymentFiles.DOCKER.resolve(SCRIPT).toString(), job).redirectErrorStream(true);
        builder.environment().put("CARBONEDGE_CHECKPOINTS", checkpoints.toString());
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
