package org.carbonedge.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.avro.specific.SpecificRecord;
import org.carbonedge.pipeline.ModelRegistration;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.TopicProvisioner;
import org.carbonedge.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code carbonedge init}: prepares an existing Kafka cluster and schema registry for CarbonEdge, as
 * {@code carbonedge up} does for the embedded ones: every topic created, every value schema registered (services
 * run with auto-registration off), device task topics created ahead, and built-in models split into the shared
 * model store with their manifests published. Idempotent; waits for the cluster up to {@code --timeout}.
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create CarbonEdge's topics, register its schemas and register built-in models on an existing cluster.",
                "Safe to run again: what exists is kept."})
public final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "-1",
            description = "Replication factor of created topics (default: ${DEFAULT-VALUE} = the brokers' default.replication.factor).")
    short replicationFactor;

    @Option(names = "--device", paramLabel = "ID", description = "Also create carbonedge.tasks.<ID> for this device (repeatable).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--model", paramLabel = "NAME", description = "Built-in model to build and register (repeatable; default: mnist-cnn; MobileNetV2 widths: mobilenetv2-w035, -w050, -w075, -w140).")
    List<String> models = new ArrayList<>();

    @Option(names = "--no-models", description = "Register no model.")
    boolean noModels;

    @Option(names = "--parts", paramLabel = "K", defaultValue = "3", description = "Partitions per model (default: ${DEFAULT-VALUE}).")
    int parts;

    @Option(names = "--model-store", paramLabel = "DIR", description = "Model store the executors share (default: ${DEFAULT-VALUE}).")
    Path modelStore = Path.of(".carbonedge", "models");

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for Kafka and the registry to answer (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        List<String> chosen = noModels ? List.of() : models.isEmpty() ? List.of("mnist-cnn") : models;
        for (String m : chosen) {
            if (!ModelZoo.ids().contains(m)) {
                throw new UsageException("unknown model '" + m + "'; built-in: " + String.join(", ", ModelZoo.ids()));
            }
        }
        if (parts < 1 || parts > 16) {
            throw new UsageException("--parts must be 1..16");
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new UsageException("--replication-factor must be >= 1, or -1 for the brokers' default");
        }
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be >= 1");
        }
        List<TopicDef<? extends SpecificRecord>> topics = new ArrayList<>(Topics.all());
        for (String d : devices) {
            try {
                topics.add(Topics.tasks(d));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        ClientSettings settings = connection.settings();
        List<String> created = provisionWhenReachable(settings, topics, Duration.ofSeconds(timeoutSeconds));
        for (String m : chosen) {
            ModelRegistration.builtIn(settings, modelStore, m, parts);
        }
        var out = spec.commandLine().getOut();
        out.println("init topics=" + topics.size() + " created=" + created.size() + " schemas=" + topics.size()
                + " models=" + String.join(",", chosen) + " model_store=" + modelStore.toAbsolutePath());
        out.flush();
        return 0;
    }

    /** Provisions, retrying every 2 s while Kafka or the registry do not answer yet (containers still starting). */
    private List<String> provisionWhenReachable(ClientSettings settings, List<TopicDef<? extends SpecificRecord>> topics,
                                                Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return TopicProvisioner.provision(settings, replicationFactor, topics);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " or the registry at "
                            + settings.registryUrl() + " did not answer within " + timeout.toSeconds() + " s: "
                            + e.getMessage(), e);
                }
                spec.commandLine().getErr().println("init: waiting for the cluster (" + e.getMessage() + ")");
                spec.commandLine().getErr().flush();
                Thread.sleep(2_000);
            }
        }
    }
}
