package org.carbonedge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.carbonedge.cli.pipeline.DeviceSpec;
import org.carbonedge.cli.pipeline.EmbeddedPipeline;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.platform.EmbeddedPlatform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code carbonedge up}: the one-machine default. Starts the embedded broker and schema registry (topics created,
 * every schema registered) and, unless {@code --platform-only}, the whole pipeline on top: telemetry rollup, edge
 * executors (the paper's three nodes by default), the demo grid-intensity feed, a built-in model, and the router and
 * emissions Flink jobs. Prints where it listens and runs until Ctrl-C / SIGTERM.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start CarbonEdge on this machine (broker, schema registry, executors, feed, router and emissions jobs) and run until stopped.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int kafkaPort = 9092;

    @Option(names = "--registry-port", paramLabel = "PORT", description = "Schema registry HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int registryPort = 8081;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where broker data, models and checkpoints live; reused across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".carbonedge", "data");

    @Option(names = "--platform-only", description = "Only the broker and the schema registry.")
    boolean platformOnly;

    @Option(names = "--device", paramLabel = "ID:PROFILE:ZONE",
            description = "An executor to run (repeatable; default: edge-high:paper-high:DE, edge-medium:paper-medium:GB, edge-green:paper-green:FR).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--model", paramLabel = "NAME", description = "Built-in model to build and register (repeatable; default: mnist-cnn).")
    List<String> models = new ArrayList<>();

    @Option(names = "--parts", paramLabel = "K", description = "Partitions per model (default: ${DEFAULT-VALUE}).")
    int parts = 3;

    @Option(names = "--no-demo-feed", description = "Do not publish the built-in demo intensity profiles (replay or feed live instead).")
    boolean noDemoFeed;

    @Override
    public Integer call() throws Exception {
        Ports.check("--kafka-port", kafkaPort);
        Ports.check("--registry-port", registryPort);
        AutoCloseable running;
        String bootstrap;
        String registry;
        long t0 = System.nanoTime();
        if (platformOnly) {
            EmbeddedPlatform platform = EmbeddedPlatform.start(dataDir.resolve("platform"), kafkaPort, registryPort);
            running = platform;
            bootstrap = platform.bootstrapServers();
            registry = platform.registryUrl();
        } else {
            EmbeddedPipeline pipeline = EmbeddedPipeline.start(options());
            running = pipeline;
            bootstrap = pipeline.bootstrapServers();
            registry = pipeline.registryUrl();
        }
        long readyMillis = (System.nanoTime() - t0) / 1_000_000;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("carbonedge: stopping");
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("carbonedge: " + e.getMessage());
            }
            org.apache.logging.log4j.LogManager.shutdown();
            stopped.countDown();
        }, "carbonedge-shutdown"));
        System.out.println("bootstrap=" + bootstrap);
        System.out.println("registry=" + registry);
        System.out.printf("ready_ms=%d heap_used_mb=%d%n", readyMillis, usedHeapMb());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private EmbeddedPipeline.Options options() {
        List<DeviceSpec> specs = new ArrayList<>();
        for (String d : devices) {
            try {
                specs.add(DeviceSpec.parse(d));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        for (DeviceSpec s : specs) {
            ExecutorCommand.resolveProfile(s.profile());
        }
        for (String m : models) {
            if (!ModelZoo.NAMES.contains(m)) {
                throw new UsageException("unknown model '" + m + "'; built-in: " + String.join(", ", ModelZoo.NAMES));
            }
        }
        if (parts < 1 || parts > 16) {
            throw new UsageException("--parts must be 1..16");
        }
        return new EmbeddedPipeline.Options(dataDir, kafkaPort, registryPort,
                specs.isEmpty() ? DeviceSpec.PAPER_NODES : specs, models.isEmpty() ? List.of("mnist-cnn") : models,
                parts, !noDemoFeed);
    }

    private static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }
}
