package org.carbonedge.cli.bench;

import org.carbonedge.bench.JmhSettings;
import org.carbonedge.cli.UsageException;
import picocli.CommandLine.Option;

/**
 * The options of the bench commands that run JMH for a number of one-second iterations ({@code bench parse},
 * {@code bench serde}), checked once and turned into {@link JmhSettings}.
 */
final class JmhIterationOptions {

    @Option(names = "--warmup-iterations", paramLabel = "N", description = "JMH warm-up iterations of 1 s (default: ${DEFAULT-VALUE}).")
    int warmupIterations = 3;

    @Option(names = "--iterations", paramLabel = "N", description = "JMH measured iterations of 1 s (default: ${DEFAULT-VALUE}).")
    int iterations = 5;

    @Option(names = "--forks", paramLabel = "N",
            description = "JVMs JMH runs each benchmark in; 0 runs them in this JVM, unisolated (default: ${DEFAULT-VALUE}).")
    int forks = 1;

    @Option(names = "--verbose", description = "Also print JMH's own progress and results.")
    boolean verbose;

    /** The settings, or a one-line usage error for values JMH cannot run with. */
    JmhSettings settings() {
        if (warmupIterations < 0 || iterations < 1 || forks < 0) {
            throw new UsageException("--warmup-iterations must be >= 0, --iterations >= 1 and --forks >= 0");
        }
        return JmhSettings.iterations(warmupIterations, iterations, forks, verbose);
    }
}
