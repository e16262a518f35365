package org.carbonedge.cli.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.carbonedge.cli.UsageException;
import org.carbonedge.executor.model.ModelZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.carbonedge.cli.io.ScratchDirectory;
import org.carbonedge.lab.experiment.Demo;
import org.carbonedge.lab.experiment.DemoReport;
import org.carbonedge.lab.experiment.DemoResult;
import org.carbonedge.lab.experiment.DemoTable;

/**
 * {@code carbonedge demo}: the main job. Starts the embedded pipeline on free ports and a temporary data directory
 * (so it runs next to {@code carbonedge up}), compares every policy and the weight sweep, prints the tables and
 * machine-readable lines, and writes the HTML report and CSVs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run every policy on the paper's three devices in real grid zones (DE, GB, FR), print the comparison and write report/index.html.")
public final class DemoCommand implements Callable<Integer> {

    static final int DEFAULT_REQUESTS = 40;
    static final int QUICK_REQUESTS = 10;

    @Option(names = "--requests", paramLabel = "N", description = "Requests per policy (one at a time, then in the closed loop) and per sweep point (default: 40).")
    Integer requests;

    @Option(names = "--quick", description = "10 requests per policy and sweep point (under 2 minutes).")
    boolean quick;

    @Option(names = "--model", paramLabel = "NAME", description = "Built-in model: mobilenetv2, efficientnet-b0 or mnist-cnn (default: ${DEFAULT-VALUE}).")
    String model = "mobilenetv2";

    @Option(names = "--parts", paramLabel = "K", description = "Partitions of the model (default: ${DEFAULT-VALUE}).")
    int parts = 3;

    @Option(names = "--in-flight", paramLabel = "N", description = "Requests outstanding at a time in the throughput loop (default: ${DEFAULT-VALUE}).")
    int inFlight = 3;

    @Option(names = "--out", paramLabel = "DIR", description = "Where index.html and the CSVs go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("report");

    @Override
    public Integer call() throws Exception {
        if (!ModelZoo.NAMES.contains(model)) {
            throw new UsageException("unknown model '" + model + "'; built-in: " + String.join(", ", ModelZoo.NAMES));
        }
        if (quick && requests != null) {
            throw new UsageException("--quick and --requests exclude each other");
        }
        int n = quick ? QUICK_REQUESTS : requests == null ? DEFAULT_REQUESTS : requests;
        if (n < 1 || n > 100_000) {
            throw new UsageException("--requests must be 1..100000, was " + n);
        }
        if (parts < 1 || parts > 16) {
            throw new UsageException("--parts must be 1..16, was " + parts);
        }
        if (inFlight < 1 || inFlight > 64) {
            throw new UsageException("--in-flight must be 1..64, was " + inFlight);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a file, not a directory");
        }
        try (ScratchDirectory dataDir = ScratchDirectory.create("carbonedge-demo")) {
            DemoResult result = Demo.run(new Demo.Options(dataDir.path(), model, parts, n, inFlight), System.err);
            DemoTable.print(result, System.out);
            DemoReport.write(result, out);
            System.out.printf("%nreport=%s%n", out.resolve(DemoReport.HTML));
            return 0;
        }
    }
}
