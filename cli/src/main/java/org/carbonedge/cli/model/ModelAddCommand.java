package org.carbonedge.cli.model;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.UsageException;
import org.carbonedge.pipeline.ModelRegistration;
import org.carbonedge.executor.model.partition.ModelSplitter;
import org.carbonedge.executor.model.partition.SplitModel;
import org.carbonedge.executor.model.partition.SplitOptions;
import org.carbonedge.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code carbonedge model add FILE --id ID --parts K}: splits the model into the executors' model store and
 * publishes its manifest to {@code carbonedge.models}, after which the router can plan requests for it.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Split a model into the model store and publish its manifest to carbonedge.models.")
public final class ModelAddCommand implements Callable<Integer> {

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

    @Override
    public Integer call() throws Exception {
        if (!SplitOptions.MODEL_ID.matcher(id).matches() || id.contains("..")) {
            throw new UsageException("invalid model id '" + id + "': use 1-64 of [A-Za-z0-9._-]");
        }
        SplitOptions options = new SplitOptions(id, version, ModelFiles.parts(parts), SplitOptions.of(id, parts).maxTensorsPerCut(),
                java.time.Instant.now());
        SplitModel split = ModelSplitter.split(ModelFiles.existing(file), options, modelStore.resolve(id));
        ModelPrinter.print(split);
        ModelRegistration.publish(connection.settings(), split.manifest());
        System.out.println("published=" + Topics.MODELS.name() + " model=" + id + " version=" + version);
        return 0;
    }
}
