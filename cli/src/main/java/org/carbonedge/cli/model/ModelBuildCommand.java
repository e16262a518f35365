package org.carbonedge.cli.model;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.carbonedge.avro.ModelAccuracy;
import org.carbonedge.cli.UsageException;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.model.build.BuiltModel;
import org.carbonedge.executor.model.build.MobileNetV2;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code carbonedge model build NAME [--width W] --out FILE}: writes a built-in architecture with seeded weights.
 * {@code --width} builds a MobileNetV2 width variant (the paper's width multiplier); the printed {@code id=} is the
 * id the variant has as a built-in ({@code mobilenetv2-w075}), and {@code family=} / {@code accuracy=} are its family
 * and the published accuracy of the architecture (not of these seeded weights), ready for {@code model add}.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build a model as an ONNX graph with seeded weights: mobilenetv2 (--width 0.35, 0.5, 0.75, 1.0 or 1.4),"
                + " efficientnet-b0 or mnist-cnn. Prints params=N macs=N, and for MobileNetV2 its id, family and published accuracy.")
public final class ModelBuildCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME",
            description = "mobilenetv2, efficientnet-b0 or mnist-cnn (or a variant id such as mobilenetv2-w075).")
    String name;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the .onnx file.")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Weight seed (default: ${DEFAULT-VALUE}).")
    long seed = ModelZoo.DEFAULT_SEED;

    @Option(names = "--width", paramLabel = "W",
            description = "MobileNetV2 width multiplier: 0.35, 0.5, 0.75, 1.0 or 1.4 (default: 1.0).")
    Double width;

    @Override
    public Integer call() {
        if (!ModelZoo.isBuiltIn(name)) {
            throw new UsageException("unknown model '" + name + "'; built-in: " + String.join(", ", ModelZoo.ids()));
        }
        BuiltModel model;
        if (width == null) {
            model = ModelZoo.build(name, seed);
        } else {
            if (!MobileNetV2.WIDTHS.contains(width)) {
                throw new UsageException("--width " + width + " is not built; use one of " + MobileNetV2.WIDTHS);
            }
            try {
                model = ModelZoo.build(name, width, seed);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--width: " + e.getMessage());
            }
        }
        model.writeTo(out);
        StringBuilder line = new StringBuilder("params=" + model.params() + " macs=" + model.macs());
        ModelZoo.family(model.name()).ifPresent(f -> line.append(" id=").append(model.name()).append(" family=").append(f));
        ModelZoo.accuracy(model.name()).ifPresent(a -> line.append(" accuracy=").append(a.getMetric()).append('=')
                .append(a.getValue()));
        System.out.println(line);
        ModelZoo.accuracy(model.name()).map(ModelAccuracy::getSource)
                .ifPresent(s -> System.out.println("accuracy_source=" + s));
        return 0;
    }
}
