package org.carbonedge.cli.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ScratchDirectoryTest {

    @Test
    void closingRemovesTheDirectoryWithEverythingInIt() throws Exception {
        Path dir;
        try (ScratchDirectory scratch = ScratchDirectory.create("carbonedge-scratch-test")) {
            dir = scratch.path();
            Files.createDirectories(dir.resolve("platform/kafka/topic-0"));
            Files.write(dir.resolve("platform/kafka/topic-0/00000.log"), new byte[4096]);
            Files.writeString(dir.resolve("model.onnx"), "x");
            assertThat(dir).isDirectory();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void closingTwiceOrAfterTheDirectoryWentIsHarmless() throws Exception {
        ScratchDirectory scratch = ScratchDirectory.create("carbonedge-scratch-test");
        Files.delete(scratch.path());
        scratch.close();
        scratch.close();
        assertThat(scratch.path()).doesNotExist();
    }
}
