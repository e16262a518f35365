package org.carbonedge.cli.bench;

import java.util.List;
import java.util.concurrent.Callable;

import org.carbonedge.bench.JmhSettings;
import org.carbonedge.bench.ScorerBenchmark;
import org.carbonedge.bench.ScorerRuns;
import org.carbonedge.cli.UsageException;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code carbonedge bench scorer}: per-decision time of the paper's scorer and CarbonEdge's planner, measured by JMH
 * ({@link ScorerBenchmark} through JMH's Runner, one configuration at a time, each in a forked JVM by default).
 */
@Command(name = "scorer", mixinStandardHelpOptions = true,
        description = {"Per-decision time (median, p99) of the paper scorer and the CarbonEdge planner, measured by JMH.",
                "ScorerBenchmark in sample-time mode, for 3, 100 and 1,000 devices.",
                "JMH measures for a time, not a count: it times about 20 decisions per millisecond, so --decisions N"
                        + " becomes N/20 ms of measurement (at least 1 s) and --warmup N as long a warm-up (at least"
                        + " 2 s), each cut into iterations of about 1 s."})
public final class BenchScorerCommand implements Callable<Integer> {

    @Option(names = "--devices", split = ",", paramLabel = "N,N,...", description = "Device counts (default: 3,100,1000).")
    int[] devices = {3, 100, 1000};

    @Option(names = "--decisions", paramLabel = "N",
            description = "Decisions to time per configuration: N/20 ms of JMH measurement, at least 1 s, in iterations"
                    + " of about 1 s; slower decisions give fewer samples (default: ${DEFAULT-VALUE}, i.e. 1 s).")
    int decisions = 20_000;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed decisions first: N/20 ms of JMH warm-up, at least 2 s, in iterations of about 1 s"
                    + " (default: ${DEFAULT-VALUE}, i.e. 2 s).")
    int warmup = 20_000;

    @Option(names = "--forks", paramLabel = "N",
            description = "JVMs JMH runs each configuration in; 0 runs them in this JVM, unisolated (default: ${DEFAULT-VALUE}).")
    int forks = 1;

    @Option(names = "--deferral", description = "Instead: a deferrable request's decision (release time and placement) beside the planner's, 6 and 24 h windows, one and three zones.")
    boolean deferral;

    @Option(names = "--variants", description = "Instead: a family request's decision (variant × cut × device over MobileNetV2's five widths) beside the planner's for one model, floors 0.60 and 0.72.")
    boolean variants;

    @Option(names = "--verbose", description = "Also print JMH's own progress and results.")
    boolean verbose;

    @Override
    public Integer call() {
        if (decisions < 100 || warmup < 0 || forks < 0) {
            throw new UsageException("--decisions must be >= 100, --warmup >= 0 and --forks >= 0");
        }
        for (int d : devices) {
            if (d < 1) {
                throw new UsageException("device counts must be >= 1");
            }
        }
        JmhSettings settings = JmhSettings.forSamples(warmup, decisions, 2_000, forks, verbose);
        System.err.println("bench scorer: JMH, " + settings.describe() + " per configuration");
        if (deferral && variants) {
            throw new UsageException("give --deferral or --variants, not both");
        }
        if (variants) {
            try {
                System.out.print(org.carbonedge.bench.VariantRuns.report(org.carbonedge.bench.VariantRuns.run(settings,
                        c -> System.err.println("bench scorer --variants: " + c))));
            } catch (RunnerException e) {
                throw new IllegalStateException("JMH run failed: " + JmhSettings.why(e), e);
            }
            return 0;
        }
        if (deferral) {
            try {
                System.out.print(org.carbonedge.bench.DeferralRuns.report(org.carbonedge.bench.DeferralRuns.run(settings,
                        c -> System.err.println("bench scorer --deferral: " + c))));
            } catch (RunnerException e) {
                throw new IllegalStateException("JMH run failed: " + JmhSettings.why(e), e);
            }
            return 0;
        }
        List<ScorerRuns.Result> results;
        try {
            results = ScorerRuns.run(devices, settings, c -> System.err.printf("bench scorer: impl=%s devices=%d setup=%s%n",
                    c.impl(), c.devices(), c.setup()));
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH run failed: " + JmhSettings.why(e), e);
        }
        System.out.print(ScorerRuns.report(results));
        return 0;
    }
}
