package org.carbonedge.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.carbonedge.core.planning.DeviceView;
import org.carbonedge.core.planning.Plan;
import org.carbonedge.core.planning.Planner;
import org.carbonedge.core.planning.PlannerConfig;
import org.carbonedge.core.planning.Policy;
import org.carbonedge.core.scheduling.Deferral;
import org.carbonedge.core.scheduling.DeferralConfig;
import org.carbonedge.core.scheduling.DeferralPlanner;
import org.carbonedge.core.scheduling.ReleaseCalendar;
import org.carbonedge.core.scheduling.ZoneOutlook;
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
 * Decision time of a deferrable request ({@code decide}: {@link DeferralPlanner}, release time and placement) beside
 * the planner's for a request that runs at once ({@code plan}), in the same run: the target is at most 10× the
 * planner's. The paper's three nodes with MobileNetV2 in 8 partitions ({@link ScorerFixtures}), policy green, an
 * hourly forecast with a daily cycle over {@code windowHours}; {@code zones=one} puts the three nodes in one zone (the
 * common edge site: one planner call), {@code zones=three} in three (a second planner call at the best slot).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class DeferralBenchmark {

    private static final Instant NOW = Instant.parse("2023-03-01T06:00:00Z");

    @Param({"6", "24"})
    public int windowHours;

    @Param({"one", "three"})
    public String zones;

    private Planner planner;
    private DeferralPlanner deferral;
    private List<DeviceView> devices;
    private double[] intensity;
    private ZoneOutlook outlook;
    private ReleaseCalendar calendar;
    private Instant deadline;
    private org.carbonedge.core.planning.ModelView model;

    @Setup(Level.Trial)
    public void setUp() {
        planner = new Planner(PlannerConfig.defaults());
        model = ScorerFixtures.mobilenetV2In8();
        deferral = new DeferralPlanner(planner, DeferralConfig.defaults());
        List<DeviceView> paper = ScorerFixtures.paperNodes();
        devices = "one".equals(zones) ? paper.stream().map(d -> new DeviceView(d.deviceId(), "GB", d.cpuQuota(),
                d.memoryBytes(), d.freeMemoryBytes(), d.idleWatts(), d.maxWatts(), d.load(), d.taskCount(), d.up(),
                d.embodiedGco2PerSecond(), d.observedMillis(), d.observedWholeMillis(), d.reportedAtEpochMillis()))
                .toList() : paper;
        intensity = new double[devices.size()];
        outlook = new ZoneOutlook();
        for (int i = 0; i < devices.size(); i++) {
            String zone = devices.get(i).zone();
            intensity[i] = 400;
            outlook.measured(zone, NOW, 400);
            for (int h = 0; h < 48; h++) {
                double daily = 300 + 150 * Math.cos(2 * Math.PI * (h + 3 * i) / 24.0);
                outlook.forecast(zone, NOW.plus(Duration.ofHours(h)), NOW.plus(Duration.ofHours(h + 1)), daily, NOW);
            }
        }
        calendar = new ReleaseCalendar(DeferralConfig.defaults());
        deadline = NOW.plus(Duration.ofHours(windowHours));
    }

    /** A deferrable request: when and where. */
    @Benchmark
    public Deferral decide() {
        return deferral.decide(Policy.GREEN, model, devices, intensity, null, null, 0.5,
                outlook, calendar, NOW, deadline);
    }

    /** The same request run at once: the planner alone, the baseline. */
    @Benchmark
    public Plan plan() {
        return planner.plan(Policy.GREEN, model, devices, intensity, null);
    }
}
