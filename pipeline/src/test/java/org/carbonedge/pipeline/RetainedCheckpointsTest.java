package org.carbonedge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void nothingToRestoreInAnEmptyOrMissingDirectory() {
        assertThat(new RetainedCheckpoints(dir.resolve("missing")).latest()).isEmpty();
        assertThat(new RetainedCheckpoints(dir).latest()).isEmpty();
    }

    @Test
    void theNewestCompletedCheckpointOrSavepointWinsAndHalfWrittenOnesAreIgnored() throws Exception {
        Path oldJob = completed(dir.resolve("job-a/chk-7"), 1_000);
        Path savepoint = completed(dir.resolve("savepoints/savepoint-a1"), 2_000);
        Path newest = completed(dir.resolve("job-b/chk-3"), 3_000);
        Files.createDirectories(dir.resolve("job-b/chk-4"));          // killed while writing: no _metadata
        Files.createDirectories(dir.resolve("job-b/shared"));
        RetainedCheckpoints checkpoints = new RetainedCheckpoints(dir);
        assertThat(checkpoints.latest()).contains(newest);

        checkpoints.pruneAllBut(newest);
        assertThat(oldJob.getParent()).doesNotExist();
        assertThat(savepoint).doesNotExist();
        assertThat(newest.resolve(RetainedCheckpoints.METADATA)).exists();
        assertThat(checkpoints.latest()).contains(newest);
    }

    @Test
    void aSavepointNewerThanEveryCheckpointIsChosen() throws Exception {
        completed(dir.resolve("job-a/chk-9"), 1_000);
        Path savepoint = completed(dir.resolve("savepoints/savepoint-b2"), 5_000);
        assertThat(new RetainedCheckpoints(dir).latest()).contains(savepoint);
    }

    private static Path completed(Path checkpoint, long modifiedMillis) throws Exception {
        Files.createDirectories(checkpoint);
        Path metadata = Files.writeString(checkpoint.resolve(RetainedCheckpoints.METADATA), "x");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
        return checkpoint;
    }
}
