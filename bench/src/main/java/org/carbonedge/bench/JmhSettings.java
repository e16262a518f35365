package org.carbonedge.bench;

import java.util.regex.Pattern;

import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * How long JMH warms up and measures, in how many forks, and how much it prints: what the {@code ./carbonedge bench}
 * commands pass to JMH's {@link org.openjdk.jmh.runner.Runner}.
 *
 * <p>Forks: JMH starts each fork as {@code java <this JVM's options> -cp <java.class.path>}, so a fork sees this
 * JVM's heap and collector settings and its classpath. The {@code ./carbonedge} launcher runs with an explicit
 * {@code -cp} (its classpath file expanded on the command line), so forks get the real classpath. Surefire's
 * manifest-only booter jar is not such a classpath: tests run with {@code forks = 0}.
 *
 * @param warmupIterations      warm-up iterations (results discarded)
 * @param warmupMillis          length of each warm-up iteration, ms
 * @param measurementIterations measured iterations
 * @param measurementMillis     length of each measured iteration, ms
 * @param forks                 JVMs to run each benchmark in; 0 runs it in this JVM (no isolation: for tests only)
 * @param verbose               print JMH's own progress and summary (otherwise only errors surface)
 */
public record JmhSettings(int warmupIterations, long warmupMillis, int measurementIterations, long measurementMillis,
                          int forks, boolean verbose) {

    /**
     * Timed invocations per millisecond that JMH's sample-time mode aims at (its generated stub's
     * {@code targetSamples} is 20 per ms of the iteration: when that many more have piled up, it halves its histogram
     * and samples half as often). A 1-s iteration of fast invocations keeps 20,000 to 40,000 samples; of slow ones,
     * fewer.
     */
    public static final int SAMPLES_PER_MS = 20;

    public JmhSettings {
        if (warmupIterations < 0 || warmupMillis < 1 || measurementIterations < 1 || measurementMillis < 1 || forks < 0) {
            throw new IllegalArgumentException("JMH settings out of range: " + warmupIterations + " warm-up iterations of "
                    + warmupMillis + " ms, " + measurementIterations + " measured of " + measurementMillis + " ms, "
                    + forks + " forks");
        }
    }

    /**
     * Settings for a sample-time benchmark asked for in invocations, as the old hand-rolled harnesses were: JMH
     * times about {@value #SAMPLES_PER_MS} invocations per millisecond, so {@code decisions} timed invocations take
     * {@code decisions / 20} ms of measurement, and {@code warmup} untimed ones as long a warm-up. The
     * measurement lasts at least 1 s and the warm-up at least {@code minWarmupMillis}; each is cut into iterations
     * of about 1 s.
     */
    public static JmhSettings forSamples(int warmup, int decisions, long minWarmupMillis, int forks, boolean verbose) {
        long warmupTotal = Math.max(minWarmupMillis, ceilDiv(warmup, SAMPLES_PER_MS));
        long measureTotal = Math.max(1_000, ceilDiv(decisions, SAMPLES_PER_MS));
        int warmupIterations = (int) ceilDiv(warmupTotal, 1_000);
        int measurementIterations = (int) ceilDiv(measureTotal, 1_000);
        return new JmhSettings(warmupIterations, ceilDiv(warmupTotal, warmupIterations), measurementIterations,
                ceilDiv(measureTotal, measurementIterations), forks, verbose);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Warm-up and measured iterations of 1 s each, as JMH's own defaults are counted. */
    public static JmhSettings iterations(int warmupIterations, int measurementIterations, int forks, boolean verbose) {
        return new JmhSettings(warmupIterations, 1_000, measurementIterations, 1_000, forks, verbose);
    }

    /** Options running {@code methods} of {@code benchmark} (and nothing else) with these settings. */
    public ChainedOptionsBuilder options(Class<?> benchmark, String... methods) {
        if (methods.length == 0) {
            throw new IllegalArgumentException("no benchmark method of " + benchmark.getName());
        }
        ChainedOptionsBuilder options = new OptionsBuilder();
        for (String method : methods) {
            options = options.include("^" + Pattern.quote(benchmark.getName() + "." + method) + "$");
        }
        return options
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.milliseconds(warmupMillis))
                .measurementIterations(measurementIterations)
                .measurementTime(TimeValue.milliseconds(measurementMillis))
                .forks(forks)
                .shouldFailOnError(true)
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
    }

    /**
     * One line saying what went wrong in a run: the innermost failure's message. JMH wraps a benchmark's failure in
     * a RunnerException whose cause is a BenchmarkException that carries the failures as suppressed exceptions.
     */
    public static String why(RunnerException e) {
        Throwable t = e;
        for (int depth = 0; depth < 16; depth++) {
            if (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            } else if (t.getSuppressed().length > 0) {
                t = t.getSuppressed()[0];
            } else {
                break;
            }
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** Warm-up and measurement as a phrase for reports, e.g. {@code 2 x 1000 ms warm-up, 1 x 1000 ms measured, 1 fork}. */
    public String describe() {
        return warmupIterations + " x " + warmupMillis + " ms warm-up, " + measurementIterations + " x " + measurementMillis
                + " ms measured, " + (forks == 0 ? "in this JVM" : forks + (forks == 1 ? " fork" : " forks"));
    }
}
