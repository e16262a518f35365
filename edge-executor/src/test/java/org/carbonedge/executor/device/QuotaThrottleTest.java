package org.carbonedge.executor.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.carbonedge.avro.Tensor;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.RandomInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 0.4 quota makes real ONNX Runtime work take 2.5× its CPU time, as a CPU quota would: never less (the device is
 * not faster than its quota), and reported as exactly 2.5× whatever else the host is doing.
 */
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
            long cpu = 0;
            long reported = 0;
            long wallStart = System.nanoTime();
            for (int i = 0; i < 2_000; i++) {
                long c0 = ThreadCpuClock.nanos();
                long t0 = System.nanoTime();
                runner.run(model, input);
                long used = ThreadCpuClock.nanos() - c0;
                cpu += used;
                reported += throttle.afterRun(used, System.nanoTime() - t0);
            }
            long wall = System.nanoTime() - wallStart;
            assertThat((double) wall / cpu).isGreaterThan(2.5 * 0.95);
            assertThat((double) reported / cpu).isBetween(2.49, 2.51);
        }
    }

    @Test
    void timeLostToABusyHostCountsTowardsThePause() {
        List<Long> pauses = new ArrayList<>();
        QuotaThrottle throttle = new QuotaThrottle(0.5, nanos -> {
            pauses.add(nanos);
            return nanos;
        });
        // 1 ms of CPU that took 3 ms of wall time (descheduled): the device needed 2 ms, so no pause is due
        assertThat(throttle.afterRun(1_000_000, 3_000_000)).isEqualTo(2_000_000);
        assertThat(pauses).isEmpty();
        // 1 ms of CPU in 1.2 ms of wall time: 0.8 ms more to reach the device's 2 ms
        assertThat(throttle.afterRun(1_000_000, 1_200_000)).isEqualTo(2_000_000);
        assertThat(pauses).containsExactly(800_000L);
    }

    @Test
    void quotasOfOneOrMoreDoNotThrottle() {
        assertThat(new QuotaThrottle(1.0).afterRun(1_000_000, 5_000_000)).isEqualTo(1_000_000);
    }
}
