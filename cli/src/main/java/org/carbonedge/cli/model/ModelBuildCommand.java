package org.carbonedge.cli.model;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.carbonedge.cli.UsageException;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.model.build.BuiltModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carbonedge model build NAME --out FILE}: writes a built-in architecture with seeded weights. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build a model as an ONNX graph with seeded weights: mobilenetv2, efficientnet-b0 or mnist-cnn. Prints params=N macs=N.")
public final class ModelBuildCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "mobilenetv2, efficientnet-b0 or mnist-cnn.")
    String name;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the .onnx file.")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Weight seed (default: ${DEFAULT-VALUE}).")
    long seed = ModelZoo.DEFAULT_SEED;

    @Override
    public Integer call() {
        if (!ModelZoo.NAMES.contains(name)) {
            throw new UsageException("unknown model '" + name + "'; built-in: " + String.join(", ", ModelZoo.NAMES));
        }
        BuiltModel model = ModelZoo.build(name, seed);
        model.writeTo(out);
        System.out.println("params=" + model.params() + " macs=" + model.macs());
        return 0;
    }
}
