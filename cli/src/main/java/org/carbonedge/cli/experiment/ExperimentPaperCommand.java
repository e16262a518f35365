package org.carbonedge.cli.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.carbonedge.cli.UsageException;
import org.carbonedge.executor.model.ModelZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.carbonedge.cli.io.ScratchDirectory;
import org.carbonedge.lab.experiment.PaperExperiment;

/** {@code carbonedge experiment paper}: the paper's evaluation, on the real pipeline. */
@Command(name = "paper", mixinStandardHelpOptions = true,
        description = "The paper's evaluation: MobileNetV2 and EfficientNet-B0 on its three nodes, baselines vs CarbonEdge policies, an SLO run and the weight sweep.")
public final class ExperimentPaperCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "NAME", description = "Model to evaluate (repeatable; default: mobilenetv2 and efficientnet-b0).")
    List<String> models = new ArrayList<>();

    @Option(names = "--requests", paramLabel = "N", description = "Requests per policy and sweep point (default: ${DEFAULT-VALUE}).")
    int requests = 60;

    @Option(names = "--parts", paramLabel = "K", description = "Partitions per model (default: ${DEFAULT-VALUE}).")
    int parts = 8;

    @Option(names = "--slo-factor", paramLabel = "X", description = "Latency objective of green-slo as a multiple of monolithic p50 (default: ${DEFAULT-VALUE}).")
    double sloFactor = 1.2;

    @Option(names = "--quick", description = "5 requests per point, MobileNetV2 only.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Where CSVs go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("report");

    @Override
    public Integer call() throws Exception {
        List<String> chosen = models.isEmpty() ? (quick ? List.of("mobilenetv2") : List.of("mobilenetv2", "efficientnet-b0")) : models;
        for (String m : chosen) {
            if (!ModelZoo.NAMES.contains(m)) {
                throw new UsageException("unknown model '" + m + "'; built-in: " + String.join(", ", ModelZoo.NAMES));
            }
        }
        int n = quick ? 5 : requests;
        if (n < 1 || parts < 1 || parts > 16 || !(sloFactor > 0)) {
            throw new UsageException("--requests must be >= 1, --parts 1..16, --slo-factor > 0");
        }
        try (ScratchDirectory dir = ScratchDirectory.create("carbonedge-experiment")) {
            PaperExperiment.run(new PaperExperiment.Options(dir.path(), chosen, parts, n, sloFactor, out), System.out);
        }
        return 0;
    }
}
