package org.carbonedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model commands as scripts call them: build, split, verify (also on the shared real models). */
class ModelCommandsTest {

    static final Path SHARED_MODELS = Path.of(System.getProperty("carbonedge.shared.data", "../../shared/data"), "models");

    @TempDir
    Path dir;

    private String run(int expectedExit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(CarbonEdge.run(args)).as(String.join(" ", args)).isEqualTo(expectedExit);
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void buildSplitAndVerifyTheMnistCnn() {
        Path model = dir.resolve("m.onnx");
        assertThat(run(0, "model", "build", "mnist-cnn", "--out", model.toString()))
                .isEqualTo("params=52138 macs=333056" + System.lineSeparator());
        String split = run(0, "model", "split", model.toString(), "--parts", "3", "--out", dir.resolve("parts").toString());
        assertThat(split.lines().filter(l -> l.startsWith("part="))).hasSize(3);
        assertThat(Files.exists(dir.resolve("parts/manifest.json"))).isTrue();
        assertThat(Files.exists(dir.resolve("parts/part-2.onnx"))).isTrue();
        assertThat(run(0, "model", "verify", model.toString(), "--parts", "3")).contains("max_abs_diff=").contains("verify=ok");
    }

    @Test
    void verifyPassesOnTheRealMnistModelAndItsReferenceData() {
        Path mnist = SHARED_MODELS.resolve("mnist-8.onnx");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(mnist), "shared data not found at " + SHARED_MODELS);
        String out = run(0, "model", "verify", mnist.toString(), "--parts", "3",
                "--test-data", SHARED_MODELS.resolve("mnist-8_test_data").toString());
        assertThat(out.lines().filter(l -> l.startsWith("reference=") && l.endsWith(" ok"))).hasSize(3);
    }

    @Test
    void verifyPassesOnTheRealFloat16SqueezeNet() {
        Path squeeze = SHARED_MODELS.resolve("SqueezeNet_fp16.onnx");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(squeeze), "shared data not found at " + SHARED_MODELS);
        assertThat(run(0, "model", "verify", squeeze.toString(), "--parts", "3")).contains("(relative, float16)");
    }

    @Test
    void badArgumentsExitWithTwo() {
        run(2, "model", "build", "resnet", "--out", dir.resolve("x.onnx").toString());
        run(2, "model", "verify", dir.resolve("missing.onnx").toString(), "--parts", "3");
        run(2, "model", "split", dir.resolve("missing.onnx").toString(), "--parts", "0", "--out", dir.toString());
    }
}
