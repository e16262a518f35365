package org.carbonedge.bench;

import java.util.concurrent.TimeUnit;

import org.carbonedge.core.planning.Plan;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.PlannerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-decision time of the paper's scorer ({@code impl=paper}, policy paper-green) and CarbonEdge's planner
 * ({@code impl=carbonedge}, balanced) for 3, 100 and 1,000 devices; the model is MobileNetV2 cut into 8 partitions
 * ({@link ScorerFixtures}). Sample-time mode: JMH times single decisions (a sample of them, on the order of 20 per
 * millisecond), so the p50 and p99 of the result are percentiles of single decisions.
 *
 * <p>{@code setup=paper} is the paper's three idle nodes, so it exists for {@code devices=3} only. JMH runs every
 * combination of the parameters; the paper setup with 100 or 1,000 devices fails its set-up at once with a one-line
 * {@link Skip} saying so, and JMH goes on with the next combination. {@code ./carbonedge bench scorer} (and
 * {@link ScorerRuns}) runs only the valid ones; by hand, give {@code -p setup=random}, or
 * {@code -p setup=paper -p devices=3}.
 *
 * <p>The annotations are the defaults of a run by hand ({@code java -cp ... org.openjdk.jmh.Main ScorerBenchmark}):
 * 2 s of warm-up, as the old harness had, then 5 s measured, in one fork.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class ScorerBenchmark {

    @Param({"3", "100", "1000"})
    public int devices;

    /** {@code paper} (the paper's three nodes; devices=3 only) or {@code random} (heterogeneous devices). */
    @Param({"paper", "random"})
    public String setup;

    /** {@code paper} (the paper's scorer) or {@code carbonedge} (the planner). */
    @Param({"paper", "carbonedge"})
    public String impl;

    private Planner planner;
    private ScorerFixtures.Decision decision;

    @Setup(Level.Trial)
    public void setUp() {
        if (!ScorerFixtures.valid(setup, devices)) {
            throw new Skip("skipped setup=" + setup + " devices=" + devices + ": setup=paper is the paper's three"
                    + " nodes, devices=3 only");
        }
        planner = new Planner(PlannerConfig.defaults());
        decision = ScorerFixtures.decision(impl, setup, devices);
    }

    /** One decision; the plan is returned so JMH keeps it alive. */
    @Benchmark
    public Plan decide() {
        return planner.plan(decision.policy(), decision.model(), decision.devices(), decision.intensity(), null);
    }
}
