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
 * Runs {@link DeferralBenchmark} — a deferrable request's decision beside the planner's for a request that runs at
 * once, in the same JMH run — for 6 and 24 hour windows on one and three zones: what
 * {@code ./carbonedge bench scorer --deferral} prints. The target is a decision within 10× the planner's.
 */
public final class DeferralRuns {

    /** Figures of one window and zone count, microseconds. */
    public record Result(int windowHours, String zones, double decideP50Micros, double decideP99Micros,
                         double planP50Micros, double planP99Micros) {

        /** Median decision time over the planner's. */
        public double ratio() {
            return decideP50Micros / planP50Micros;
        }

        public String line() {
            return String.format(Locale.ROOT, "bench=deferral window_h=%d zones=%s decide_p50_us=%.2f decide_p99_us=%.2f"
                            + " plan_p50_us=%.2f plan_p99_us=%.2f ratio_p50=%.1f", windowHours, zones, decideP50Micros,
                    decideP99Micros, planP50Micros, planP99Micros, ratio());
        }
    }

    private static final int[] WINDOWS = {6, 24};
    private static final String[] ZONES = {"one", "three"};

    private DeferralRuns() {
    }

    /** Runs every window and zone count, each as one JMH run of both benchmarks. */
    public static List<Result> run(JmhSettings settings, Consumer<String> progress) throws RunnerException {
        List<Result> results = new ArrayList<>();
        for (int window : WINDOWS) {
            for (String zones : ZONES) {
                progress.accept("window_h=" + window + " zones=" + zones);
                Statistics decide = null;
                Statistics plan = null;
                for (RunResult r : new Runner(settings.options(DeferralBenchmark.class, "decide", "plan")
                        .param("windowHours", Integer.toString(window)).param("zones", zones).build()).run()) {
                    String label = r.getParams().getBenchmark();
                    if (label.endsWith(".decide")) {
                        decide = r.getPrimaryResult().getStatistics();
                    } else if (label.endsWith(".plan")) {
                        plan = r.getPrimaryResult().getStatistics();
                    }
                }
                if (decide == null || plan == null) {
                    throw new IllegalStateException("JMH returned no result for window_h=" + window + " zones=" + zones);
                }
                results.add(new Result(window, zones, decide.getPercentile(50), decide.getPercentile(99),
                        plan.getPercentile(50), plan.getPercentile(99)));
            }
        }
        return results;
    }

    /** Table then machine-readable lines. */
    public static String report(List<Result> results) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-9s %-6s %14s %14s %12s %12s %7s%n",
                "window_h", "zones", "decide p50 µs", "decide p99 µs", "plan p50 µs", "plan p99 µs", "ratio"));
        for (Result r : results) {
            s.append(String.format(Locale.ROOT, "%-9d %-6s %14.2f %14.2f %12.2f %12.2f %6.1f×%n", r.windowHours(),
                    r.zones(), r.decideP50Micros(), r.decideP99Micros(), r.planP50Micros(), r.planP99Micros(), r.ratio()));
        }
        results.forEach(r -> s.append(r.line()).append(System.lineSeparator()));
        return s.toString();
    }
}
