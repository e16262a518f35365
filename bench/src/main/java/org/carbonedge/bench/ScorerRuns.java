package org.carbonedge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link ScorerBenchmark} through JMH's {@link Runner} for the valid configurations of some device counts and
 * reads each one's p50 and p99 per decision from the sample-time result: what {@code ./carbonedge bench scorer}
 * prints. For every device count: on the random heterogeneous devices, both implementations; at 3 devices, first
 * also on the paper's three nodes.
 */
public final class ScorerRuns {

    /**
     * Figures of one configuration: {@code setup} is {@code random} (heterogeneous devices) or {@code paper} (the
     * paper's three idle nodes); {@code samples} is how many single decisions JMH timed, {@code candidates} how many
     * plans one decision scores.
     */
    public record Result(String impl, int devices, String setup, double medianMicros, double p99Micros, long samples,
                         int candidates) {
        /** The machine-readable line, unchanged from the hand-rolled harness JMH replaced. */
        public String line() {
            return String.format(Locale.ROOT, "bench=scorer impl=%s devices=%d setup=%s median_us=%.2f p99_us=%.2f",
                    impl, devices, setup, medianMicros, p99Micros);
        }
    }

    /** One configuration to run. */
    public record Config(String impl, String setup, int devices) {
    }

    private ScorerRuns() {
    }

    /** The configurations for these device counts, in the order they run and are reported. */
    public static List<Config> configs(int[] deviceCounts) {
        List<Config> configs = new ArrayList<>();
        for (int n : deviceCounts) {
            if (n == 3) {
                configs.add(new Config("paper", "paper", 3));
                configs.add(new Config("carbonedge", "paper", 3));
            }
            configs.add(new Config("paper", "random", n));
            configs.add(new Config("carbonedge", "random", n));
        }
        return configs;
    }

    /**
     * Runs each configuration as its own JMH run.
     *
     * @param progress told which configuration starts (e.g. to print on stderr)
     * @throws RunnerException when JMH cannot run a configuration or the benchmark fails
     */
    public static List<Result> run(int[] deviceCounts, JmhSettings settings, Consumer<Config> progress)
            throws RunnerException {
        List<Result> results = new ArrayList<>();
        for (Config c : configs(deviceCounts)) {
            progress.accept(c);
            results.add(run(c, settings));
        }
        return results;
    }

    /** Runs one configuration. */
    public static Result run(Config c, JmhSettings settings) throws RunnerException {
        if (!ScorerFixtures.valid(c.setup(), c.devices())) {
            throw new IllegalArgumentException("not a configuration: " + c);
        }
        RunResult run = new Runner(settings.options(ScorerBenchmark.class, "decide")
                .param("impl", c.impl())
                .param("setup", c.setup())
                .param("devices", Integer.toString(c.devices()))
                .build()).runSingle();
        Statistics s = run.getPrimaryResult().getStatistics(); // microseconds (@OutputTimeUnit)
        return new Result(c.impl(), c.devices(), c.setup(), s.getPercentile(50), s.getPercentile(99), s.getN(),
                ScorerFixtures.candidates(c.impl(), c.setup(), c.devices()));
    }

    /** Table then machine-readable lines. */
    public static String report(List<Result> results) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-11s %8s %-7s %12s %12s %11s %9s%n", "impl",
                "devices", "setup", "median µs", "p99 µs", "candidates", "samples"));
        for (Result r : results) {
            s.append(String.format(Locale.ROOT, "%-11s %8d %-7s %12.2f %12.2f %11d %9d%n", r.impl(), r.devices(),
                    r.setup(), r.medianMicros(), r.p99Micros(), r.candidates(), r.samples()));
        }
        for (Result r : results) {
            s.append(r.line()).append(System.lineSeparator());
        }
        return s.toString();
    }
}
