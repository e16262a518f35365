package org.carbonedge.cli.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.carbonedge.avro.ModelAccuracy;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.UsageException;
import org.carbonedge.executor.model.partition.ManifestJson;
import org.carbonedge.pipeline.ModelRegistration;
import org.carbonedge.executor.model.partition.ModelSplitter;
import org.carbonedge.executor.model.partition.SplitModel;
import org.carbonedge.executor.model.partition.SplitOptions;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.validation.ManifestValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code carbonedge model add FILE --id ID --parts K [--family F --accuracy top1=0.698 --accuracy-source "…"]}:
 * splits the model into the executors' model store and publishes its manifest to {@code carbonedge.models}, after
 * which the router can plan requests for it.
 *
 * <p>With {@code --family} the model is registered as a variant of that family (any ONNX file: a width variant, an
 * fp16 or int8 export), with its accuracy and where that figure comes from: a variant is only useful to a planner
 * that can compare its accuracy with a request's floor, so a family without an accuracy is refused. A variant whose
 * inputs or outputs differ from the family's registered variants is refused too (a request for the family must be
 * answerable by any of them). Every refusal is one line, a non-zero exit, and leaves the topic and the model's
 * directory in the store as they were: the model is split into a staging directory and only moved into place once
 * it passed.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Split a model into the model store and publish its manifest to carbonedge.models"
                + " (optionally as a variant of a family, with its accuracy).")
public final class ModelAddCommand implements Callable<Integer> {

    /** {@code metric=value}: a metric name and a fraction. */
    private static final Pattern ACCURACY = Pattern.compile("([^=]+)=(.+)");
    /** How long to wait for the registered models when checking a family. */
    private static final Duration READ_MODELS_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .onnx model.")
    Path file;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Model id, [A-Za-z0-9._-]{1,64}.")
    String id;

    @Option(names = "--parts", required = true, paramLabel = "K", description = "Number of parts.")
    int parts;

    @Option(names = "--model-store", paramLabel = "DIR", description = "Model store of the executors (default: ${DEFAULT-VALUE}).")
    Path modelStore = Path.of(".carbonedge", "models");

    @Option(names = "--version", paramLabel = "N", description = "Manifest version (default: ${DEFAULT-VALUE}); re-adding bumps it.")
    int version = 1;

    @Option(names = "--family", paramLabel = "F",
            description = "Register as a variant of family F (needs --accuracy); its inputs and outputs must equal the family's.")
    String family;

    @Option(names = "--accuracy", paramLabel = "METRIC=VALUE",
            description = "Accuracy as a fraction, e.g. top1=0.698 (69.8% ImageNet top-1).")
    String accuracy;

    @Option(names = "--accuracy-source", paramLabel = "TEXT",
            description = "Where the accuracy comes from (a paper and table, or your evaluation); needed with --accuracy.")
    String accuracySource;

    @Override
    public Integer call() throws Exception {
        if (!SplitOptions.MODEL_ID.matcher(id).matches() || id.contains("..")) {
            throw new UsageException("invalid model id '" + id + "': use 1-64 of [A-Za-z0-9._-]");
        }
        ModelAccuracy modelAccuracy = accuracy();
        if (family != null && modelAccuracy == null) {
            throw new UsageException("--family " + family + " needs --accuracy METRIC=VALUE and --accuracy-source:"
                    + " a variant is chosen by its accuracy");
        }
        SplitOptions options = new SplitOptions(id, version, ModelFiles.parts(parts), SplitOptions.of(id, parts).maxTensorsPerCut(),
                java.time.Instant.now());
        Path model = ModelFiles.existing(file);
        Map<String, ModelManifest> registered = family == null ? Map.of()
                : ModelRegistration.registered(connection.settings(), READ_MODELS_TIMEOUT);
        Files.createDirectories(modelStore);
        Path staging = Files.createTempDirectory(modelStore, "." + id + "-adding-");
        try {
            SplitModel split = ModelSplitter.split(model, options, staging);
            ModelManifest manifest = ModelManifest.newBuilder(split.manifest())
                    .setFamily(family).setAccuracy(modelAccuracy).build();
            ManifestValidator.problem(manifest).ifPresent(p -> {
                throw new UsageException(p);
            });
            ModelRegistration.familyMismatch(manifest, registered).ifPresent(p -> {
                throw new UsageException(p);
            });
            ManifestJson.write(manifest, staging);
            Path target = modelStore.resolve(id);
            moveInto(staging, target);
            ModelPrinter.print(new SplitModel(manifest, target, split.partFiles().stream()
                    .map(f -> target.resolve(f.getFileName())).toList(), split.cuts()));
            ModelRegistration.publish(connection.settings(), manifest);
        } finally {
            deleteRecursively(staging);
        }
        System.out.println("published=" + Topics.MODELS.name() + " model=" + id + " version=" + version
                + (family == null ? "" : " family=" + family + " accuracy=" + modelAccuracy.getMetric() + "="
                + modelAccuracy.getValue()));
        return 0;
    }

    /** {@code --accuracy} and {@code --accuracy-source} as a record, or null when neither is given. */
    private ModelAccuracy accuracy() {
        if (accuracy == null) {
            if (accuracySource != null) {
                throw new UsageException("--accuracy-source needs --accuracy METRIC=VALUE");
            }
            return null;
        }
        Matcher m = ACCURACY.matcher(accuracy.trim());
        if (!m.matches()) {
            throw new UsageException("--accuracy '" + accuracy + "' is not METRIC=VALUE, e.g. top1=0.698");
        }
        String metric = m.group(1).trim();
        if (!ManifestValidator.METRIC.matcher(metric).matches()) {
            throw new UsageException("--accuracy metric '" + metric + "' is not a lower-case name such as top1");
        }
        double value;
        try {
            value = Double.parseDouble(m.group(2).trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--accuracy value '" + m.group(2).trim() + "' is not a number; give a fraction, e.g. top1=0.698");
        }
        if (accuracySource == null || accuracySource.isBlank()) {
            throw new UsageException("--accuracy needs --accuracy-source: say where the figure comes from");
        }
        ModelAccuracy a = new ModelAccuracy(metric, value, accuracySource.trim());
        ManifestValidator.accuracyProblem(a).ifPresent(p -> {
            throw new UsageException("--accuracy: " + p);
        });
        return a;
    }

    /**
     * Moves every file of {@code staging} into {@code target}, each replacing its namesake atomically, as the splitter
     * writes them: executors reading a part never see half a file.
     */
    private static void moveInto(Path staging, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Files.move(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove staging directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
