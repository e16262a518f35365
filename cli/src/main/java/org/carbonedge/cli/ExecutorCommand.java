package org.carbonedge.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import org.carbonedge.cli.io.RunUntilStopped;
import org.carbonedge.cli.metrics.ExecutorMetrics;
import org.carbonedge.cli.metrics.MetricsOptions;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.core.energy.HostPowerModel;
import org.carbonedge.executor.device.DeviceProfile;
import org.carbonedge.executor.device.DeviceProfiles;
import org.carbonedge.executor.energy.ProcessCpuMeter;
import org.carbonedge.executor.service.EdgeExecutor;
import org.carbonedge.executor.service.ExecutorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carbonedge executor}: run one edge device until Ctrl-C / SIGTERM, then drain and stop. */
@Command(name = "executor", mixinStandardHelpOptions = true,
        description = "Run an edge executor: consume carbonedge.tasks.<device-id>, run model partitions with ONNX Runtime, report results and telemetry.")
public final class ExecutorCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--device-id", required = true, paramLabel = "ID", description = "Device id, [A-Za-z0-9._-].")
    String deviceId;

    @Option(names = "--profile", required = true, paramLabel = "NAME|FILE",
            description = "Built-in profile (paper-high, paper-medium, paper-green, rpi4, jetson-nano-5w, jetson-nano-10w, jetson-orin-nano, intel-nuc-12-pro) or a profile .properties file.")
    String profile;

    @Option(names = "--zone", required = true, paramLabel = "ZONE", description = "Grid zone the device draws power from (e.g. DE).")
    String zone;

    @Option(names = "--model-store", paramLabel = "DIR", description = "Directory of partitioned models (default: ${DEFAULT-VALUE}).")
    Path modelStore = Path.of(".carbonedge", "models");

    @Option(names = "--max-batch", paramLabel = "N", description = "Tasks taken per poll: the bound on in-flight work (default: ${DEFAULT-VALUE}).")
    int maxBatch = ExecutorSettings.DEFAULT_MAX_BATCH;

    @Override
    public Integer call() throws Exception {
        DeviceProfile p = resolveProfile(profile);
        if (maxBatch < 1) {
            throw new UsageException("--max-batch must be >= 1");
        }
        ClientSettings settings = connection.settings();
        ExecutorSettings es = new ExecutorSettings(deviceId, zone, p, modelStore, maxBatch,
                ExecutorSettings.DEFAULT_MAX_TENSOR_BYTES, java.time.Duration.ofSeconds(1));
        EdgeExecutor executor;
        try {
            executor = new EdgeExecutor(es, settings, settings.catalog(), Clock.systemUTC());
            // this process's own Kafka work (polling, transactions, telemetry) runs on the device: its control-plane
            // CPU is charged at the device's power per busy core, beside the device's idle time
            executor.withEnergyMeter(ProcessCpuMeter.ofThisProcess("executor:" + deviceId,
                    zone, new HostPowerModel(p.name(), p.idleWatts(), p.maxWatts(),
                            Math.max(1, (int) Math.ceil(p.cpuQuota()))), 1.0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = new PrintWriter(System.out, true);
        MetricsOptions.Served endpoint = metrics.serve(ExecutorMetrics.of(deviceId, zone, p, executor.stats()), out);
        try (endpoint) {
            RunUntilStopped.run(executor, () -> "executor=" + deviceId + " profile=" + p.name() + " zone=" + zone
                    + " tasks=carbonedge.tasks." + deviceId, out);
        }
        return 0;
    }

    public static DeviceProfile resolveProfile(String nameOrFile) {
        try {
            Path file = Path.of(nameOrFile);
            if (nameOrFile.endsWith(".properties") || Files.isRegularFile(file)) {
                return DeviceProfiles.fromFile(file);
            }
            return DeviceProfiles.named(nameOrFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
