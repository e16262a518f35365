package org.carbonedge.executor.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.avro.Tensor;
import org.carbonedge.executor.device.DeviceProfile;
import org.carbonedge.executor.device.EnergyModel;
import org.carbonedge.executor.device.QuotaThrottle;
import org.carbonedge.executor.device.RaplMeter;
import org.carbonedge.executor.onnx.PartRun;
import org.carbonedge.executor.onnx.PartitionExecutionException;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.TensorCodec;
import org.carbonedge.executor.onnx.TensorFormatException;

/**
 * Runs one stage of a plan on this device: checks the task, runs the stage's partitions one after another with
 * cached ONNX Runtime sessions, throttles to the device's quota and charges the energy. No Kafka here: the
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
        this.throttle = QuotaThrottle.onThisHost(profile.cpuQuota());
        this.energy = new EnergyModel(profile);
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

    /** Runs the stage; bad input becomes a {@link BadTaskException} with the reason. */
    public StageOutcome run(PartitionTask task) {
        PlanStage stage = stageOf(task);
        ModelStore.checkModelId(task.getModelId());
        List<Tensor> tensors = task.getInputs();
        long bytesIn = checkTensors(tensors, "input");
        long busyNanos = 0;
        Map<Integer, Double> perPartition = new LinkedHashMap<>();
        long raplBefore = readRapl();
        for (int p = stage.getFirstPartition(); p <= stage.getLastPartition(); p++) {
            Path file = store.partFile(task.getModelId(), p);
            PartRun run;
            try {
                run = runner.runTimed(file, tensors);
            } catch (TensorFormatException e) {
                throw new BadTaskException("partition " + p + " of " + task.getModelId() + ": " + e.getMessage(), e);
            } catch (PartitionExecutionException e) {
                throw new BadTaskException("partition " + p + " of " + task.getModelId() + " failed: " + e.getMessage(), e);
            }
            long runNanos = run.decodeNanos() + run.computeNanos() + run.encodeNanos();
            long throttled = throttle.afterRun(runNanos);
            busyNanos += throttled;
            perPartition.put(p, throttled / 1e6);
            tensors = run.outputs();
        }
        long bytesOut = checkTensors(tensors, "output");
        double joules = energy.stageEnergyJoules(busyNanos);
        String source = "MODEL";
        if (raplBefore >= 0) {
            long after = readRapl();
            if (after >= 0) {
                joules = rapl.get().joulesBetween(raplBefore, after) + energy.ramWatts() * busyNanos / 1e9;
                source = "RAPL";
            }
        }
        double embodied = embodiedGco2PerSecond * busyNanos / 1e9;
        return new StageOutcome(tensors, busyNanos, joules, source, embodied, bytesIn, bytesOut, perPartition);
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
