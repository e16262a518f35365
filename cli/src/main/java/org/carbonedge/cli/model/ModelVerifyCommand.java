package org.carbonedge.cli.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.carbonedge.avro.Tensor;
import org.carbonedge.cli.UsageException;
import org.carbonedge.executor.model.partition.ModelSplitter;
import org.carbonedge.executor.model.partition.SplitModel;
import org.carbonedge.executor.model.partition.SplitOptions;
import org.carbonedge.executor.onnx.ChainedVerifier;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.TensorProtos;
import org.carbonedge.executor.onnx.VerificationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.carbonedge.cli.io.ScratchDirectory;

/**
 * {@code carbonedge model verify FILE --parts K}: splits into a temporary directory, runs the whole model and the
 * chained parts (tensors passed as Avro bytes, as over Kafka) on the same seeded input, prints max_abs_diff and fails
 * above 1e-4 (relative, 2^-10 = one float16 step, for float16 outputs). With {@code --test-data DIR} the chained
 * output is also compared with ONNX test-data sets (input_N.pb / output_N.pb).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check that the chained parts of a split model compute what the whole model computes.")
public final class ModelVerifyCommand implements Callable<Integer> {

    /** Relative tolerance against reference outputs (they are stored at float32 precision). */
    static final double REFERENCE_RELATIVE_TOLERANCE = 1e-5;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .onnx model.")
    Path file;

    @Option(names = "--parts", required = true, paramLabel = "K", description = "Number of parts.")
    int parts;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--test-data", paramLabel = "DIR", description = "Directory of test_data_set_N folders to compare against.")
    Path testData;

    @Override
    public Integer call() throws IOException {
        try (ScratchDirectory scratch = ScratchDirectory.create("carbonedge-verify");
             PartitionRunner runner = new PartitionRunner()) {
            Path dir = scratch.path();
            SplitModel split = ModelSplitter.split(ModelFiles.existing(file),
                    SplitOptions.of(ModelFiles.idFromFile(file), ModelFiles.parts(parts)), dir);
            ChainedVerifier verifier = new ChainedVerifier(runner);
            VerificationResult r = verifier.verify(file, split.partFiles(), seed);
            System.out.printf("max_abs_diff=%.3g max_rel_diff=%.3g tolerance=%.3g%s%n", r.maxAbsDiff(), r.maxRelDiff(),
                    r.tolerance(), r.float16() ? " (relative, float16)" : "");
            boolean ok = r.passed();
            if (testData != null) {
                ok &= compareWithReferences(runner, verifier, split.partFiles());
            }
            System.out.println(ok ? "verify=ok" : "verify=FAILED");
            return ok ? 0 : 1;
        }
    }

    private boolean compareWithReferences(PartitionRunner runner, ChainedVerifier verifier, List<Path> partFiles)
            throws IOException {
        List<String> inputNames = runner.inputSpecs(file).stream().map(s -> s.getName()).toList();
        if (!Files.isDirectory(testData)) {
            throw new UsageException("no such test-data directory: " + testData);
        }
        List<Path> sets;
        try (Stream<Path> s = Files.list(testData)) {
            sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
        }
        if (sets.isEmpty()) {
            throw new UsageException(testData + " has no test_data_set_N folders");
        }
        boolean ok = true;
        for (Path set : sets) {
            List<Tensor> inputs = named(TensorProtos.readAll(set, "input"), inputNames);
            List<Tensor> expected = TensorProtos.readAll(set, "output");
            List<Tensor> actual = verifier.runChained(partFiles, inputs);
            VerificationResult r = ChainedVerifier.compare(expected, renameLike(expected, actual), REFERENCE_RELATIVE_TOLERANCE);
            boolean passed = r.problem() == null && r.maxRelDiff() <= REFERENCE_RELATIVE_TOLERANCE;
            System.out.printf("reference=%s max_abs_diff=%.3g max_rel_diff=%.3g %s%n", set.getFileName(), r.maxAbsDiff(),
                    r.maxRelDiff(), passed ? "ok" : "FAILED" + (r.problem() == null ? "" : ": " + r.problem()));
            ok &= passed;
        }
        return ok;
    }

    /** Reference .pb inputs may be unnamed or named differently; bind them to the model's inputs by position. */
    private static List<Tensor> named(List<Tensor> tensors, List<String> names) {
        if (tensors.size() != names.size()) {
            throw new UsageException("test data has " + tensors.size() + " inputs, the model takes " + names.size());
        }
        return java.util.stream.IntStream.range(0, tensors.size())
                .mapToObj(i -> TensorProtos.renamed(tensors.get(i), names.get(i))).toList();
    }

    /** Reference .pb outputs may be unnamed; match by position. */
    private static List<Tensor> renameLike(List<Tensor> expected, List<Tensor> actual) {
        if (expected.size() != actual.size()) {
            return actual;
        }
        return java.util.stream.IntStream.range(0, actual.size())
                .mapToObj(i -> TensorProtos.renamed(actual.get(i), expected.get(i).getName())).toList();
    }
}
