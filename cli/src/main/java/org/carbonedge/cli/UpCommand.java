package org.carbonedge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.carbonedge.platform.EmbeddedPlatform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code carbonedge up}: the one-machine default. Starts the embedded broker and schema registry, creates the
 * topics and registers every schema, prints where they are, and runs until Ctrl-C / SIGTERM.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the embedded CarbonEdge platform (Kafka broker + schema registry) and run until stopped.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int kafkaPort = 9092;

    @Option(names = "--registry-port", paramLabel = "PORT", description = "Schema registry HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int registryPort = 8081;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where broker data lives; reused across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".carbonedge", "data");

    @Override
    public Integer call() throws Exception {
        Ports.check("--kafka-port", kafkaPort);
        Ports.check("--registry-port", registryPort);
        EmbeddedPlatform platform = EmbeddedPlatform.start(dataDir, kafkaPort, registryPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("carbonedge: stopping");
            platform.close();
            org.apache.logging.log4j.LogManager.shutdown();
            stopped.countDown();
        }, "carbonedge-shutdown"));
        System.out.println("bootstrap=" + platform.bootstrapServers());
        System.out.println("registry=" + platform.registryUrl());
        System.out.printf("ready_ms=%d heap_used_mb=%d%n", platform.startDuration().toMillis(), usedHeapMb());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }
}
