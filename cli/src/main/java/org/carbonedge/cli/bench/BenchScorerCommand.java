package org.carbonedge.cli.bench;

import java.util.concurrent.Callable;

import org.carbonedge.cli.UsageException;
import org.carbonedge.core.bench.ScorerBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carbonedge bench scorer}: per-decision time of the paper's scorer and CarbonEdge's planner. */
@Command(name = "scorer", mixinStandardHelpOptions = true,
        description = "Per-decision time (median, p99) of the paper scorer and the CarbonEdge planner for 3, 100 and 1,000 devices.")
public final class BenchScorerCommand implements Callable<Integer> {

    @Option(names = "--devices", split = ",", paramLabel = "N,N,...", description = "Device counts (default: 3,100,1000).")
    int[] devices = {3, 100, 1000};

    @Option(names = "--decisions", paramLabel = "N", description = "Timed decisions per configuration (default: ${DEFAULT-VALUE}).")
    int decisions = 20_000;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed decisions first (default: ${DEFAULT-VALUE}).")
    int warmup = 20_000;

    @Override
    public Integer call() {
        if (decisions < 100 || warmup < 0) {
            throw new UsageException("--decisions must be >= 100 and --warmup >= 0");
        }
        for (int d : devices) {
            if (d < 1) {
                throw new UsageException("device counts must be >= 1");
            }
        }
        System.out.print(ScorerBench.report(ScorerBench.run(devices, warmup, decisions)));
        return 0;
    }
}
