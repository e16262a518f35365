package org.carbonedge.cli.bench;

import java.util.concurrent.Callable;

import org.carbonedge.cli.UsageException;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.bench.PartitionBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.carbonedge.cli.io.ScratchDirectory;

/** {@code carbonedge bench partition}: whole-model vs chained compute and serialisation cost per cut. */
@Command(name = "partition", mixinStandardHelpOptions = true,
        description = "Whole-model vs chained-parts compute time per inference (median, p99), their ratio, and tensor serialisation per cut.")
public final class BenchPartitionCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "NAME", description = "mobilenetv2, efficientnet-b0 or mnist-cnn (default: ${DEFAULT-VALUE}).")
    String model = "mobilenetv2";

    @Option(names = "--parts", paramLabel = "K", description = "Parts (default: ${DEFAULT-VALUE}).")
    int parts = 3;

    @Option(names = "--runs", paramLabel = "N", description = "Measured inferences (default: ${DEFAULT-VALUE}).")
    int runs = 200;

    @Option(names = "--warmup", paramLabel = "N", description = "Unmeasured inferences first (default: ${DEFAULT-VALUE}).")
    int warmup = 50;

    @Override
    public Integer call() throws Exception {
        if (!ModelZoo.NAMES.contains(model)) {
            throw new UsageException("unknown model '" + model + "'; built-in: " + String.join(", ", ModelZoo.NAMES));
        }
        if (parts < 1 || runs < 1 || warmup < 0) {
            throw new UsageException("--parts and --runs must be >= 1, --warmup >= 0");
        }
        try (ScratchDirectory work = ScratchDirectory.create("carbonedge-bench")) {
            PartitionBench.Result r = PartitionBench.run(model, parts, warmup, runs, work.path());
            System.out.println(r.report()); // ends with the bench=partition line
        }
        return 0;
    }
}
