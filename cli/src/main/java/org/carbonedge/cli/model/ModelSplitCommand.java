package org.carbonedge.cli.model;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.carbonedge.executor.model.partition.ModelSplitter;
import org.carbonedge.executor.model.partition.SplitModel;
import org.carbonedge.executor.model.partition.SplitOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carbonedge model split FILE --parts K --out DIR}. */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = "Split any ONNX model into K contiguous parts at valid cut points; writes part-N.onnx and manifest.json.")
public final class ModelSplitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The .onnx model.")
    Path file;

    @Option(names = "--parts", required = true, paramLabel = "K", description = "Number of parts.")
    int parts;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--id", paramLabel = "ID", description = "Model id in the manifest (default: the file name).")
    String id;

    @Override
    public Integer call() {
        SplitModel split = ModelSplitter.split(ModelFiles.existing(file),
                SplitOptions.of(id != null ? id : ModelFiles.idFromFile(file), ModelFiles.parts(parts)), out);
        ModelPrinter.print(split);
        return 0;
    }
}
