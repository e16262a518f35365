package org.carbonedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessScratchTest {

    @TempDir
    Path tmp;

    @Test
    void scratchDirectoriesOfDeadProcessesAreSweptOthersKept() throws Exception {
        Path own = Files.createDirectories(tmp.resolve("carbonedge-" + ProcessHandle.current().pid()));
        Path dead = Files.createDirectories(tmp.resolve("carbonedge-" + deadPid()));
        Files.writeString(dead.resolve("libonnxruntime.so"), "x");
        Path parentAlive = Files.createDirectories(tmp.resolve("carbonedge-" + ProcessHandle.current().parent()
                .map(ProcessHandle::pid).orElse(1L)));
        Path notOurs = Files.createDirectories(tmp.resolve("carbonedge-data"));
        Path other = Files.createDirectories(tmp.resolve("flink-io-123"));

        ProcessScratch.sweepStale(tmp, own);

        assertThat(dead).doesNotExist();
        assertThat(own).exists();
        assertThat(parentAlive).exists();
        assertThat(notOurs).exists();
        assertThat(other).exists();
    }

    /** A process id no process has now: one just ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
