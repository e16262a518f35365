package org.carbonedge.executor.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.carbonedge.avro.Tensor;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.RandomInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 0.4 quota makes real ONNX Runtime work take 2.5× its full-speed time (±15%), as a CPU quota would. */
class QuotaThrottleTest {

    @TempDir
    Path dir;

    @Test
    void aQuotaOfZeroPointFourTakesTwoAndAHalfTimesAsLong() {
        Path model = ModelZoo.build("mnist-cnn", 3).writeTo(dir.resolve("m.onnx"));
        try (PartitionRunner runner = new PartitionRunner()) {
            List<Tensor> input = RandomInputs.forSpecs(runner.inputSpecs(model), 3);
            for (int i = 0; i < 300; i++) {
                runner.run(model, input); // warm up
            }
            QuotaThrottle throttle = new QuotaThrottle(0.4);
            long fullSpeed = 0;
            long reported = 0;
            long wallStart = System.nanoTime();
            for (int i = 0; i < 2_000; i++) {
                long t0 = System.nanoTime();
                runner.run(model, input);
                long ran = System.nanoTime() - t0;
                fullSpeed += ran;
                reported += throttle.afterRun(ran);
            }
            long wall = System.nanoTime() - wallStart;
            assertThat((double) wall / fullSpeed).isBetween(2.5 * 0.85, 2.5 * 1.15);
            assertThat((double) reported / fullSpeed).isBetween(2.49, 2.51);
        }
    }

    @Test
    void quotasOfOneOrMoreDoNotThrottle() {
        assertThat(new QuotaThrottle(1.0).afterRun(1_000_000)).isEqualTo(1_000_000);
    }
}
