package org.carbonedge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.carbonedge.cli.metrics.MetricsOptions;
import org.carbonedge.pipeline.Component;
import org.carbonedge.cli.supervise.ComponentMetrics;
import org.carbonedge.cli.supervise.StatusFile;
import org.carbonedge.cli.supervise.Supervisor;
import org.carbonedge.platform.registry.auth.RegistryUsers;

import org.carbonedge.pipeline.DeviceSpec;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.core.planning.AccuracyObjectiveSpecs;
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

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka client port on the --bind address (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int kafkaPort = 9092;

    @Option(names = "--registry-port", paramLabel = "PORT", description = "Schema registry HTTP port on the --bind address (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int registryPort = 8081;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where broker data, models and checkpoints live; reused across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".carbonedge", "data");

    @Option(names = "--platform-only", description = "Only the broker and the schema registry.")
    boolean platformOnly;

    @Option(names = "--device", paramLabel = "ID:PROFILE:ZONE",
            description = "An executor to run (repeatable; default: edge-high:paper-high:DE, edge-medium:paper-medium:GB, edge-green:paper-green:FR).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--model", paramLabel = "NAME", description = "Built-in model to build and register (repeatable; default: mnist-cnn; MobileNetV2 widths: mobilenetv2-w035, -w050, -w075, -w140).")
    List<String> models = new ArrayList<>();

    @Option(names = "--parts", paramLabel = "K", description = "Partitions per model (default: ${DEFAULT-VALUE}).")
    int parts = 3;

    @Option(names = "--accuracy-objective", paramLabel = "LABEL=VALUE:MEAN/WINDOW",
            description = "Hold the requests labelled LABEL=VALUE (attributes) to a mean accuracy over each WINDOW, e.g. tenant=acme:0.70/PT1H: a request of theirs for a model of a family is served by the variant that keeps the mean at or above MEAN at every request, the bigger one while the grid is cleaner than expected over the window. Repeatable.")
    List<String> objectives = new ArrayList<>();

    @Option(names = "--no-demo-feed", description = "Do not publish the built-in demo intensity profiles (replay or feed live instead).")
    boolean noDemoFeed;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = EmbeddedPipeline.LOOPBACK,
            description = "Interface every listener binds: broker, schema registry, Flink's REST, blob and RPC ports (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 = every interface).")
    String bind;

    @Option(names = "--registry-users", paramLabel = "FILE",
            description = "Require HTTP basic authentication on the schema registry, users from FILE (Confluent's 'user: password[,role...]' lines). Clients then set CARBONEDGE_REGISTRY_CLIENT_BASIC_AUTH_CREDENTIALS_SOURCE=USER_INFO and ..._BASIC_AUTH_USER_INFO=user:password.")
    Path registryUsersFile;

    @Option(names = "--no-restore", description = "Start the Flink jobs empty instead of from the newest checkpoint or savepoint under --data-dir.")
    boolean noRestore;

    @picocli.CommandLine.Mixin
    MetricsOptions metrics = new MetricsOptions();

    @Override
    public Integer call() throws Exception {
        Ports.check("--kafka-port", kafkaPort);
        Ports.check("--registry-port", registryPort);
        BindAddress.check("--bind", bind);
        RegistryUsers registryUsers = registryUsers();
        long t0 = System.nanoTime();
        AutoCloseable running;
        List<Component> components;
        String bootstrap;
        String registry;
        if (platformOnly) {
            EmbeddedPlatform platform = EmbeddedPlatform.start(dataDir.resolve("platform"), kafkaPort, registryPort, bind,
                    registryUsers);
            running = platform;
            components = List.of(new Component("platform", platform::health));
            bootstrap = platform.bootstrapServers();
            registry = platform.registryUrl();
        } else {
            EmbeddedPipeline pipeline = EmbeddedPipeline.start(options().withRegistryUsers(registryUsers));
            running = pipeline;
            components = pipeline.components();
            bootstrap = pipeline.bootstrapServers();
            registry = pipeline.registryUrl();
        }
        long readyMillis = (System.nanoTime() - t0) / 1_000_000;
        Supervisor supervisor = Supervisor.of(components);
        StatusFile status = new StatusFile(dataDir, Map.of("bootstrap", bootstrap, "registry", registry), Clock.systemUTC());
        ComponentMetrics componentMetrics = new ComponentMetrics();
        supervisor.onCheck(status).onCheck(componentMetrics);
        PrintWriter out = new PrintWriter(System.out, true);
        MetricsOptions.Served endpoint = metrics.serve(componentMetrics.registry(), out);
        StopOnce stop = new StopOnce(running, endpoint);
        Shutdown.Registration onSignal = Shutdown.onShutdown("stop carbonedge up", () -> {
            System.err.println("carbonedge: stopping");
            supervisor.stop();
            stop.run();
            try {
                status.write(supervisor.last(), "stopped by a signal");
            } catch (RuntimeException e) {
                System.err.println("carbonedge: " + e.getMessage());
            }
            // log4j's own shutdown hook is off (log4j2.xml) so that stopping can still log; flush it now
            org.apache.logging.log4j.LogManager.shutdown();
        });
        out.println("bootstrap=" + bootstrap);
        out.println("registry=" + registry);
        out.printf("ready_ms=%d heap_used_mb=%d%n", readyMillis, usedHeapMb());
        out.println("status=" + status.path());
        out.flush();
        Optional<Supervisor.Failure> failure = supervisor.watch();
        if (failure.isEmpty()) {
            stop.awaitStopped();
            return 0;
        }
        onSignal.close();
        System.err.println("carbonedge up: " + failure.get().line() + "; stopping everything");
        System.err.flush();
        stop.run();
        status.write(supervisor.last(), failure.get().line());
        return CarbonEdge.EXIT_FAILURE;
    }

    /** Closes what runs exactly once, whether a signal or a failed component asked first. */
    private static final class StopOnce implements Runnable {
        private final AutoCloseable running;
        private final MetricsOptions.Served endpoint;
        private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

        StopOnce(AutoCloseable running, MetricsOptions.Served endpoint) {
            this.running = running;
            this.endpoint = endpoint;
        }

        @Override
        public void run() {
            if (!started.compareAndSet(false, true)) {
                awaitStopped();
                return;
            }
            try {
                endpoint.close();
                running.close();
            } catch (Exception e) {
                System.err.println("carbonedge: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }

        void awaitStopped() {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RegistryUsers registryUsers() {
        if (registryUsersFile == null) {
            return null;
        }
        if (!java.nio.file.Files.isRegularFile(registryUsersFile)) {
            throw new UsageException("--registry-users: no such file " + registryUsersFile);
        }
        try {
            return RegistryUsers.load(registryUsersFile);
        } catch (RuntimeException e) {
            throw new UsageException("--registry-users: " + e.getMessage());
        }
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
            if (!ModelZoo.ids().contains(m)) {
                throw new UsageException("unknown model '" + m + "'; built-in: " + String.join(", ", ModelZoo.ids()));
            }
        }
        if (parts < 1 || parts > 16) {
            throw new UsageException("--parts must be 1..16");
        }
        EmbeddedPipeline.Options options = new EmbeddedPipeline.Options(dataDir, kafkaPort, registryPort,
                specs.isEmpty() ? DeviceSpec.PAPER_NODES : specs, models.isEmpty() ? List.of("mnist-cnn") : models,
                parts, !noDemoFeed).withBindHost(bind).withRestoreJobs(!noRestore);
        return objectives.isEmpty() ? options : options.withJobs(options.router().withObjectives(objectives(objectives)),
                options.emissions());
    }

    /** {@code LABEL=VALUE:MEAN/WINDOW} options as objectives by label ({@link AccuracyObjectiveSpecs}). */
    static java.util.Map<String, org.carbonedge.core.planning.AccuracyObjective> objectives(List<String> specs) {
        try {
            return AccuracyObjectiveSpecs.parse(specs);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--accuracy-objective: " + e.getMessage());
        }
    }

    private static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }
}
