package org.carbonedge.executor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.Tensor;
import org.carbonedge.executor.device.DeviceProfiles;
import org.carbonedge.executor.model.partition.ModelSplitter;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.TensorCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage covering the whole model runs it as one session; a partial stage chains its parts. Same outputs. */
class StageRunnerTest {

    @TempDir
    Path store;

    @Test
    void aWholeModelStageRunsOneSessionAndAPartialStageChainsItsParts() {
        ModelManifest manifest = TestModels.mnistStore(store).manifest();
        assertThat(store.resolve(TestModels.MODEL).resolve(ModelSplitter.WHOLE_FILE)).isRegularFile();
        List<Tensor> input = TestModels.input(manifest, 5);
        try (PartitionRunner onnx = new PartitionRunner()) {
            StageRunner runner = runner(onnx);
            StageOutcome whole = runner.run(TestModels.task("r-1", TestModels.MODEL,
                    TestModels.plan(List.of(TestModels.stage(0, "dev", 0, 2))), input));

            assertThat(onnx.cachedSessions()).as("one session for the whole model").isEqualTo(1);
            assertThat(whole.wholeModel()).isTrue();
            assertThat(whole.partitionBusyMillis()).as("not split over the partitions").isEmpty();
            assertThat(whole.busyNanos()).isPositive();

            StageOutcome firstTwo = runner.run(TestModels.task("r-2", TestModels.MODEL,
                    TestModels.plan(List.of(TestModels.stage(0, "dev", 0, 1), TestModels.stage(1, "other", 2, 2))), input));
            assertThat(onnx.cachedSessions()).as("a partial stage chains its parts").isEqualTo(3);
            assertThat(firstTwo.partitionBusyMillis()).containsOnlyKeys(0, 1);
            assertThat(firstTwo.wholeModel()).isFalse();
            PartitionTask rest = PartitionTask.newBuilder(TestModels.task("r-2", TestModels.MODEL,
                    TestModels.plan(List.of(TestModels.stage(0, "other", 0, 1), TestModels.stage(1, "dev", 2, 2))),
                    firstTwo.outputs())).setStageIndex(1).build();
            StageOutcome last = runner.run(rest);

            assertThat(floats(last.outputs().get(0))).as("chained parts give the whole model's outputs")
                    .containsExactly(floats(whole.outputs().get(0)), within(1e-6f));
        }
    }

    @Test
    void withoutAWholeModelFileEveryStageChainsItsParts() throws Exception {
        ModelManifest manifest = TestModels.mnistStore(store).manifest();
        Files.delete(store.resolve(TestModels.MODEL).resolve(ModelSplitter.WHOLE_FILE));
        try (PartitionRunner onnx = new PartitionRunner()) {
            StageOutcome outcome = runner(onnx).run(TestModels.task("r-1", TestModels.MODEL,
                    TestModels.plan(List.of(TestModels.stage(0, "dev", 0, 2))), TestModels.input(manifest, 5)));
            assertThat(onnx.cachedSessions()).isEqualTo(3);
            assertThat(outcome.partitionBusyMillis()).containsOnlyKeys(0, 1, 2);
        }
    }

    private static float[] floats(Tensor t) {
        java.nio.FloatBuffer b = java.nio.ByteBuffer.wrap(TensorCodec.bytes(t)).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    private StageRunner runner(PartitionRunner onnx) {
        return new StageRunner("dev", DeviceProfiles.named("paper-high"), new ModelStore(store), onnx, Optional.empty(),
                1 << 20);
    }
}
