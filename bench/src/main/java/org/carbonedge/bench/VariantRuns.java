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
 * Runs {@link VariantBenchmark} — a family request's decision (variant × cut × device) beside the planner's for a
 * request naming one model, in the same JMH run — for floors that allow five and two variants: what
 * {@code ./carbonedge bench scorer --variants} prints. The decision should stay within microseconds.
 */
public final class VariantRuns {

    /** Figures of one window and zone count, microseconds. */
    public record Result(double floor, double chooseP50Micros, double chooseP99Micros,
                         double planP50Micros, double planP99Micros) {

        /** Median decision time over the planner's. */
        public double ratio() {
            return chooseP50Micros / planP50Micros;
        }

        public String line() {
            return String.format(Locale.ROOT, "bench=variants floor=%.2f choose_p50_us=%.2f choose_p99_us=%.2f"
                            + " plan_p50_us=%.2f plan_p99_us=%.2f ratio_p50=%.1f", floor, chooseP50Micros,
                    chooseP99Micros, planP50Micros, planP99Micros, ratio());
        }
    }

    private static final String[] FLOORS = {"0.60", "0.72"};

    private VariantRuns() {
    }

    /** Runs every floor, each as one JMH run of both benchmarks. */
    public static List<Result> run(JmhSettings settings, Consumer<String> progress) throws RunnerException {
        List<Result> results = new ArrayList<>();
        for (String floor : FLOORS) {
            progress.accept("floor=" + floor);
            Statistics choose = null;
            Statistics plan = null;
            for (RunResult r : new Runner(settings.options(VariantBenchmark.class, "choose", "plan")
                    .param("floor", floor).build()).run()) {
                String label = r.getParams().getBenchmark();
                if (label.endsWith(".choose")) {
                    choose = r.getPrimaryResult().getStatistics();
                } else if (label.endsWith(".plan")) {
                    plan = r.getPrimaryResult().getStatistics();
                }
            }
            if (choose == null || plan == null) {
                throw new IllegalStateException("JMH returned no result for floor=" + floor);
            }
            results.add(new Result(Double.parseDouble(floor), choose.getPercentile(50), choose.getPercentile(99),
                    plan.getPercentile(50), plan.getPercentile(99)));
        }
        return results;
    }

    /** Table then machine-readable lines. */
    public static String report(List<Result> results) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-6s %14s %14s %12s %12s %7s%n",
                "floor", "choose p50 µs", "choose p99 µs", "plan p50 µs", "plan p99 µs", "ratio"));
        for (Result r : results) {
            s.append(String.format(Locale.ROOT, "%-6.2f %14.2f %14.2f %12.2f %12.2f %6.1f×%n", r.floor(),
                    r.chooseP50Micros(), r.chooseP99Micros(), r.planP50Micros(), r.planP99Micros(), r.ratio()));
        }
        results.forEach(r -> s.append(r.line()).append(System.lineSeparator()));
        return s.toString();
    }
}
