package org.carbonedge.executor.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.avro.Tensor;
import org.carbonedge.core.energy.EnergyModel;
import org.carbonedge.executor.device.DeviceProfile;
import org.carbonedge.executor.device.QuotaThrottle;
import org.carbonedge.executor.device.RaplMeter;
import org.carbonedge.executor.device.ThreadCpuClock;
import org.carbonedge.executor.energy.InferenceCpu;
import org.carbonedge.executor.onnx.PartitionExecutionException;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.TensorCodec;
import org.carbonedge.executor.onnx.TensorFormatException;

/**
 * Runs one stage of a plan on this device: checks the task, runs the stage's partitions one after another with
 * cached ONNX Runtime sessions, throttles to the device's quota and charges the energy. A partition's time on the
 * device is the CPU time its run took (tensor decoding, the session run, encoding) divided by the quota, so a
 * busy host does not inflate it. No Kafka here: the
 * executor service feeds it tasks and publishes what it returns. Not thread-safe (a device runs one stage at a
 * time, as a single quota-limited core would).
 */
public final class StageRunner {

    private final String deviceId;
    private final ModelStore store;
    private final PartitionRunner runner;
    private final QuotaThrottle throttle;
    private final EnergyModel energy;
    private final Optional<RaplMeter> rapl;
    private final long maxTensorBytes;
    private final double embodiedGco2PerSecond;

    public StageRunner(String deviceId, DeviceProfile profile, ModelStore store, PartitionRunner runner,
                       Optional<RaplMeter> rapl, long maxTensorBytes) {
        this.deviceId = deviceId;
        this.store = store;
        this.runner = runner;
        this.throttle = new QuotaThrottle(profile.cpuQuota());
        this.energy = profile.energyModel();
        // Measured energy only means something when the device is the host itself, unthrottled.
        this.rapl = profile.cpuQuota() >= 1.0 ? rapl : Optional.empty();
        this.maxTensorBytes = maxTensorBytes;
        this.embodiedGco2PerSecond = profile.embodiedGco2PerSecond();
    }

    /** The stage of {@code task}'s plan this device is asked to run, checked. */
    public PlanStage stageOf(PartitionTask task) {
        ExecutionPlan plan = task.getPlan();
        int index = task.getStageIndex();
        if (index < 0 || index >= plan.getStages().size()) {
            throw new BadTaskException("stage " + index + " does not exist in a plan of " + plan.getStages().size() + " stages");
        }
        PlanStage stage = plan.getStages().get(index);
        if (!deviceId.equals(stage.getDeviceId())) {
            throw new BadTaskException("stage " + index + " is planned for device " + stage.getDeviceId()
                    + ", not " + deviceId);
        }
        if (stage.getFirstPartition() > stage.getLastPartition()) {
            throw new BadTaskException("stage " + index + " has no partitions (" + stage.getFirstPartition() + ".."
                    + stage.getLastPartition() + ")");
        }
        return stage;
    }

    /**
     * Runs the stage; bad input becomes a {@link BadTaskException} with the reason. A stage that covers the whole
     * model runs it as one session when the store has it (faster than chaining its parts, as an unpartitioned
     * deployment would run it); its time is then reported as the whole model's, not split over the partitions.
     */
    public StageOutcome run(PartitionTask task) {
        PlanStage stage = stageOf(task);
        ModelStore.checkModelId(task.getModelId());
        List<Tensor> tensors = task.getInputs();
        long bytesIn = checkTensors(tensors, "input");
        long busyNanos = 0;
        Map<Integer, Double> perPartition = new LinkedHashMap<>();
        long raplBefore = readRapl();
        ModelManifest manifest = store.manifest(task.getModelId());
        Optional<Path> whole = stage.getFirstPartition() == 0
                && stage.getLastPartition() == manifest.getPartitions().size() - 1
                ? store.wholeFile(task.getModelId()) : Optional.empty();
        prepare(whole.isPresent() ? List.of(whole.get())
                : partFiles(task.getModelId(), stage.getFirstPartition(), stage.getLastPartition()), task.getModelId());
        if (whole.isPresent()) {
            long cpuStart = ThreadCpuClock.nanos();
            long wallStart = System.nanoTime();
            tensors = runPart(whole.get(), tensors, "the whole model", task.getModelId());
            long cpu = ThreadCpuClock.nanos() - cpuStart;
            InferenceCpu.add(cpu);
            busyNanos = throttle.afterRun(cpu, System.nanoTime() - wallStart);
        } else {
            for (int p = stage.getFirstPartition(); p <= stage.getLastPartition(); p++) {
                long cpuStart = ThreadCpuClock.nanos();
                long wallStart = System.nanoTime();
                tensors = runPart(store.partFile(task.getModelId(), p), tensors, "partition " + p, task.getModelId());
                long cpu = ThreadCpuClock.nanos() - cpuStart;
                InferenceCpu.add(cpu);
                long throttled = throttle.afterRun(cpu, System.nanoTime() - wallStart);
                busyNanos += throttled;
                perPartition.put(p, throttled / 1e6);
            }
        }
        long bytesOut = checkTensors(tensors, "output");
        double joules = energy.stageEnergyJoules(busyNanos);
        String source = "MODEL";
        if (raplBefore >= 0) {
            long after = readRapl();
            if (after >= 0) {
                joules = rapl.get().joulesBetween(raplBefore, after) + energy.ramEnergyJoules(busyNanos);
                source = "RAPL";
            }
        }
        double embodied = EnergyModel.embodiedGco2(embodiedGco2PerSecond, busyNanos);
        return new StageOutcome(tensors, busyNanos, joules, source, embodied, bytesIn, bytesOut, perPartition,
                whole.isPresent());
    }

    private List<Path> partFiles(String modelId, int first, int last) {
        List<Path> files = new java.util.ArrayList<>(last - first + 1);
        for (int p = first; p <= last; p++) {
            files.add(store.partFile(modelId, p));
        }
        return files;
    }

    /**
     * Loads and warms the sessions a stage needs before its clock starts: loading a part and its first run are
     * one-off costs of the device, not of the inference that happens to come first (charged to it, they made a
     * device look several times slower than it is to the planner, whose execution-time averages learn from the
     * first runs).
     */
    private void prepare(List<Path> files, String modelId) {
        for (Path file : files) {
            try {
                runner.prepare(file);
            } catch (TensorFormatException | PartitionExecutionException e) {
                throw new BadTaskException("cannot load " + file.getFileName() + " of " + modelId + ": " + e.getMessage(), e);
            }
        }
    }

    private List<Tensor> runPart(Path file, List<Tensor> inputs, String what, String modelId) {
        try {
            return runner.runTimed(file, inputs).outputs();
        } catch (TensorFormatException e) {
            throw new BadTaskException(what + " of " + modelId + ": " + e.getMessage(), e);
        } catch (PartitionExecutionException e) {
            throw new BadTaskException(what + " of " + modelId + " failed: " + e.getMessage(), e);
        }
    }

    private long checkTensors(List<Tensor> tensors, String what) {
        if (tensors.isEmpty()) {
            throw new BadTaskException("no " + what + " tensors");
        }
        long total = 0;
        for (Tensor t : tensors) {
            long bytes;
            try {
                bytes = TensorCodec.validate(t);
            } catch (TensorFormatException e) {
                throw new BadTaskException("corrupt " + what + " tensor: " + e.getMessage(), e);
            }
            if (bytes > maxTensorBytes) {
                throw new BadTaskException(what + " tensor '" + t.getName() + "' has " + bytes
                        + " bytes, over the limit of " + maxTensorBytes);
            }
            total += bytes;
        }
        return total;
    }

    private long readRapl() {
        if (rapl.isEmpty()) {
            return -1;
        }
        try {
            return rapl.get().readMicrojoules();
        } catch (IOException e) {
            return -1;
        }
    }
}
