package org.carbonedge.executor.service;

import java.nio.file.Path;
import java.util.List;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.avro.Tensor;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.model.partition.ModelSplitter;
import org.carbonedge.executor.model.partition.SplitModel;
import org.carbonedge.executor.model.partition.SplitOptions;
import org.carbonedge.executor.onnx.RandomInputs;

/** A model store holding mnist-cnn in three parts, and plans and tasks over it, for executor tests. */
final class TestModels {

    static final String MODEL = "mnist-cnn";

    private TestModels() {
    }

    /** Builds mnist-cnn, keeps the whole model at {@code store/whole.onnx}, splits it into 3 parts in the store. */
    static SplitModel mnistStore(Path store) {
        Path whole = ModelZoo.build(MODEL, ModelZoo.DEFAULT_SEED).writeTo(store.resolve("whole.onnx"));
        return ModelSplitter.split(whole, SplitOptions.of(MODEL, 3), store.resolve(MODEL));
    }

    static List<Tensor> input(ModelManifest manifest, long seed) {
        return RandomInputs.forSpecs(manifest.getInputs(), seed);
    }

    static PlanStage stage(int index, String device, int first, int last) {
        return PlanStage.newBuilder().setStageIndex(index).setDeviceId(device).setZone("Z-" + device)
                .setFirstPartition(first).setLastPartition(last).setExpectedComputeMillis(1).setExpectedEnergyJoules(0.001)
                .setExpectedGco2(1e-7).setOutputBytes(0).build();
    }

    static ExecutionPlan plan(List<PlanStage> stages) {
        return ExecutionPlan.newBuilder().setPolicy("test").setModelVersion(1).setStages(stages)
                .setPlannedAt(java.time.Instant.now()).setSchedulingNanos(1000).setExpectedLatencyMillis(3)
                .setExpectedGco2(3e-7).build();
    }

    static PartitionTask task(String requestId, String modelId, ExecutionPlan plan, List<Tensor> inputs) {
        java.time.Instant now = java.time.Instant.now();
        return PartitionTask.newBuilder().setRequestId(requestId).setModelId(modelId).setPlan(plan).setStageIndex(0)
                .setInputs(inputs).setSubmittedAt(now).setDispatchedAt(now).setAttempt(0).build();
    }
}
