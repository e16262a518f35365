package org.carbonedge.core.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.carbonedge.core.scoring.Weights;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private final Planner planner = new Planner(PlannerConfig.defaults());
    private final ModelView model = PaperDevices.mobilenetLike();

    private Plan plan(Policy policy, List<DeviceView> devices, double[] intensity, Double slo) {
        return planner.plan(policy, model, devices, intensity, slo);
    }

    private Plan plan(Policy policy) {
        return plan(policy, PaperDevices.idle(), PaperDevices.INTENSITY, null);
    }

    @Test
    void monolithicRunsTheWholeModelOnTheFastestDevice() {
        Plan p = plan(Policy.MONOLITHIC);
        assertThat(p.stages()).singleElement().satisfies(s -> {
            assertThat(s.deviceId()).isEqualTo("high");
            assertThat(s.firstPartition()).isZero();
            assertThat(s.lastPartition()).isEqualTo(7);
        });
        assertThat(p.expectedLatencyMillis()).isEqualTo(10.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void greenCutsCarbonAndPerformanceKeepsLatency() {
        Plan mono = plan(Policy.MONOLITHIC);
        Plan perf = plan(Policy.PERFORMANCE);
        Plan green = plan(Policy.GREEN);
        assertThat(perf.expectedLatencyMillis()).isEqualTo(mono.expectedLatencyMillis());
        assertThat(green.expectedGco2()).isLessThan(0.7 * mono.expectedGco2());
        assertThat(green.expectedLatencyMillis()).isGreaterThan(mono.expectedLatencyMillis());
    }

    @Test
    void balancedLandsStrictlyBetweenPerformanceAndGreenOnLatencyAndCarbon() {
        for (double hopMillis : new double[]{0, 13}) {
            Plan perf = planner.plan(Policy.PERFORMANCE, model, PaperDevices.idle(), PaperDevices.INTENSITY, null, hopMillis);
            Plan balanced = planner.plan(Policy.BALANCED, model, PaperDevices.idle(), PaperDevices.INTENSITY, null, hopMillis);
            Plan green = planner.plan(Policy.GREEN, model, PaperDevices.idle(), PaperDevices.INTENSITY, null, hopMillis);
            assertThat(balanced.expectedLatencyMillis()).isStrictlyBetween(perf.expectedLatencyMillis(),
                    green.expectedLatencyMillis());
            assertThat(balanced.expectedGco2()).isStrictlyBetween(green.expectedGco2(), perf.expectedGco2());
        }
        // the paper's balanced weights count carbon twice as much as latency: the planner then lands on green's plan
        Plan paperWeights = plan(Policy.custom(Weights.BALANCED));
        assertThat(paperWeights.stages()).isEqualTo(plan(Policy.GREEN).stages());
    }

    @Test
    void threeStagePlansAreRuledOutByTheirBoundOnlyWhenNoneCanWin() {
        // each device is fast on a third of the model only: the three-stage plan is far faster than any whole run
        long[] macs = {1, 1, 1, 1, 1, 1};
        long[] out = {1_000, 1_000, 1_000, 1_000, 1_000, 1_000};
        long[] params = {1_000, 1_000, 1_000, 1_000, 1_000, 1_000};
        ModelView sixParts = new ModelView("six", 1, macs, out, params, 1_000, new double[]{10, 10, 10, 10, 10, 10});
        List<DeviceView> specialists = List.of(
                specialist("a", new double[]{1, 1, 50, 50, 50, 50}),
                specialist("b", new double[]{50, 50, 1, 1, 50, 50}),
                specialist("c", new double[]{50, 50, 50, 50, 1, 1}));
        Plan split = planner.plan(Policy.PERFORMANCE, sixParts, specialists, new double[]{300, 300, 300}, null, 13);
        assertThat(split.stages()).extracting(PlannedStage::deviceId, PlannedStage::firstPartition, PlannedStage::lastPartition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 0, 1), org.assertj.core.groups.Tuple.tuple("b", 2, 3),
                        org.assertj.core.groups.Tuple.tuple("c", 4, 5));
        // on the paper's nodes with a 13 ms hop no three-stage plan can beat the best whole-model one: only the 3
        // one-stage and 42 two-stage plans are scored, and the choice is the one all 171 plans give
        Plan balanced = planner.plan(Policy.BALANCED, model, PaperDevices.idle(), PaperDevices.INTENSITY, null, 13);
        assertThat(balanced.candidates()).isEqualTo(45);
        assertThat(balanced.stages()).singleElement().satisfies(s -> assertThat(s.deviceId()).isEqualTo("medium"));
    }

    private static DeviceView specialist(String id, double[] observedMillis) {
        return new DeviceView(id, "Z", 1.0, 1L << 30, 1L << 29, 0.5, 3.83, 0, 0, true, 0, Map.of("six", observedMillis));
    }

    @Test
    void aModelNoSplitOfWhichFitsTheDevicesFreeMemoryGetsNoPlan() {
        List<DeviceView> tight = new ArrayList<>();
        for (DeviceView d : PaperDevices.idle()) {
            // room for the first partitions only: no device (and no 2 or 3 of them) can hold the rest
            tight.add(new DeviceView(d.deviceId(), d.zone(), d.cpuQuota(), d.memoryBytes(), 1_000_000, d.idleWatts(),
                    d.maxWatts(), 0, 0, true, 0, Map.of()));
        }
        for (Policy policy : List.of(Policy.GREEN, Policy.BALANCED, Policy.PERFORMANCE)) {
            assertThat(plan(policy, tight, PaperDevices.INTENSITY, null)).as(policy.name()).isNull();
            assertThat(plan(policy, tight, PaperDevices.INTENSITY, 5.0)).as(policy.name()).isNull();
        }
    }

    @Test
    void slightDifferencesBetweenIdleDevicesDoNotOutweighCarbon() {
        List<DeviceView> devices = new ArrayList<>();
        for (DeviceView d : PaperDevices.idle()) {
            boolean green = d.deviceId().equals("green");
            // the green device a little busier and fuller, as after it served the last requests
            devices.add(new DeviceView(d.deviceId(), d.zone(), d.cpuQuota(), d.memoryBytes(),
                    green ? d.memoryBytes() - 30_000_000 : d.memoryBytes() - 14_000_000, d.idleWatts(), d.maxWatts(),
                    green ? 0.02 : 0.001, 0, true, 0, Map.of()));
        }
        Plan green = plan(Policy.GREEN, devices, PaperDevices.INTENSITY, null);
        assertThat(green.stages()).singleElement().satisfies(s -> assertThat(s.deviceId()).isEqualTo("green"));
    }

    @Test
    void aPlanBothFastestAndGreenestIsNotLostToIdleDevicesThatAreSlowerAndDirtier() {
        // "fast" is quickest and sits in the cleanest zone, but is three-quarters busy; "idle" is 10% slower and in a
        // zone five times dirtier. With one plan ideal on both latency and carbon, the other plans must still pay for
        // being slower and dirtier: before the span floor every plan's latency and carbon terms were 0 then, and
        // the device terms alone sent balanced onto the idle, dirtier device.
        List<DeviceView> devices = List.of(
                PaperDevices.device("fast", "CLEAN", 1.0, 1L << 30, 0.5, 3.83, 0.75, 0),
                PaperDevices.device("idle", "DIRTY", 0.9, 1L << 30, 0.5, 3.83, 0.0, 0));
        double[] intensity = {100, 500};
        Plan balanced = plan(Policy.BALANCED, devices, intensity, null);
        assertThat(balanced.stages()).singleElement().satisfies(s -> assertThat(s.deviceId()).isEqualTo("fast"));
        // its smoothed load is history when it has no work left: a device half a percent slower does not win on it
        List<DeviceView> close = List.of(devices.get(0),
                PaperDevices.device("idle", "CLEAN-TOO", 0.995, 1L << 30, 0.5, 3.83, 0.0, 0));
        Plan loadAware = plan(Policy.BALANCED, close, new double[]{100, 100}, null);
        assertThat(loadAware.stages()).singleElement().satisfies(s -> assertThat(s.deviceId()).isEqualTo("fast"));
    }

    @Test
    void aSpanOfAtLeastFivePercentOfTheIdealNormalisesLatencyAndCarbon() {
        assertThat(Planner.norm(15, 10, 20)).isEqualTo(0.5);
        assertThat(Planner.norm(10.5, 10, 10)).as("an empty front").isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Planner.norm(10.5, 10, 10.1)).as("a front narrower than 5%").isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Planner.norm(9, 10, 20)).as("better than the ideal").isZero();
        assertThat(Planner.norm(0, 0, 0)).as("nothing to separate").isZero();
    }

    @Test
    void carbonNeverRisesAsTheCarbonWeightRises() {
        double previous = Double.POSITIVE_INFINITY;
        List<String> points = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            Plan p = plan(Policy.custom(Weights.sweep(Weights.BALANCED, i / 10.0)));
            assertThat(p.expectedGco2()).isLessThanOrEqualTo(previous + 1e-15);
            previous = p.expectedGco2();
            points.add(p.stages().toString());
        }
        assertThat(points.stream().distinct().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aLatencyObjectivePicksTheGreenestPlanThatMeetsIt() {
        Plan green = plan(Policy.GREEN, PaperDevices.idle(), PaperDevices.INTENSITY, 18.0);
        assertThat(green.sloMet()).isTrue();
        assertThat(green.expectedLatencyMillis()).isLessThanOrEqualTo(18.0);
        assertThat(green.stages()).extracting(PlannedStage::deviceId).containsExactly("medium");
    }

    @Test
    void anUnreachableObjectiveFallsBackToTheFastestPlan() {
        Plan p = plan(Policy.GREEN, PaperDevices.idle(), PaperDevices.INTENSITY, 1.0);
        assertThat(p.sloMet()).isFalse();
        assertThat(p.expectedLatencyMillis()).isEqualTo(10.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void loadedAndDownDevicesAreNotUsedAndNoneLeftGivesNull() {
        List<DeviceView> devices = List.of(
                PaperDevices.device("high", "A", 1.0, 1L << 30, 0.5, 3.8, 0.95, 2),
                new DeviceView("green", "B", 0.4, 1L << 29, 1L << 28, 0.2, 1.5, 0, 0, false, 0, Map.of()));
        assertThat(plan(Policy.GREEN, devices, new double[]{620, 380}, null)).isNull();
        // over the load limit but with nothing left to do: idle now, so usable
        List<DeviceView> finished = List.of(PaperDevices.device("high", "A", 1.0, 1L << 30, 0.5, 3.8, 0.95, 0),
                devices.get(1));
        assertThat(plan(Policy.GREEN, finished, new double[]{620, 380}, null).stages().get(0).deviceId()).isEqualTo("high");
    }

    @Test
    void queuedWorkMakesABusyDeviceLessAttractive() {
        List<DeviceView> devices = new ArrayList<>(PaperDevices.idle());
        devices.set(0, PaperDevices.device("high", "Z-HIGH", 1.0, 1L << 30, 0.5, 3.83, 0.5, 4));
        Plan perf = plan(Policy.PERFORMANCE, devices, PaperDevices.INTENSITY, null);
        assertThat(perf.stages().get(0).deviceId()).isEqualTo("medium"); // 5 x 10 ms queue vs 16.7 ms
        Plan mono = plan(Policy.MONOLITHIC, devices, PaperDevices.INTENSITY, null);
        assertThat(mono.stages()).as("the baseline stays on the fastest device")
                .singleElement().satisfies(s -> assertThat(s.deviceId()).isEqualTo("high"));
    }

    @Test
    void observedTimesOverrideTheReferenceEstimate() {
        List<DeviceView> devices = new ArrayList<>(PaperDevices.idle());
        double[] slowOnHigh = IntStream.range(0, 8).mapToDouble(i -> 10.0).toArray(); // 80 ms observed
        DeviceView h = devices.get(0);
        devices.set(0, new DeviceView(h.deviceId(), h.zone(), h.cpuQuota(), h.memoryBytes(), h.freeMemoryBytes(),
                h.idleWatts(), h.maxWatts(), 0, 0, true, 0, Map.of(model.modelId(), slowOnHigh)));
        assertThat(plan(Policy.MONOLITHIC, devices, PaperDevices.INTENSITY, null).stages().get(0).deviceId())
                .isEqualTo("medium");
    }

    @Test
    void aWholeModelTimeCostsAMonolithicStageButNotAPartialOne() {
        List<DeviceView> devices = new ArrayList<>(PaperDevices.idle());
        double[] chained = IntStream.range(0, 8).mapToDouble(i -> 2.0).toArray(); // 16 ms as eight parts
        DeviceView h = devices.get(0);
        devices.set(0, new DeviceView(h.deviceId(), h.zone(), h.cpuQuota(), h.memoryBytes(), h.freeMemoryBytes(),
                h.idleWatts(), h.maxWatts(), 0, 0, true, 0, Map.of(model.modelId(), chained),
                Map.of(model.modelId(), 9.0)));          // 9 ms as one session

        Plan mono = plan(Policy.MONOLITHIC, devices, PaperDevices.INTENSITY, null);
        assertThat(mono.stages().get(0).deviceId()).isEqualTo("high");
        assertThat(mono.expectedLatencyMillis()).isEqualTo(9.0);
        Plan split = plan(Policy.custom(new org.carbonedge.core.scoring.Weights(0, 0, 1, 0, 0)), devices, new double[]{500, 500, 500}, null);
        assertThat(split.stages()).hasSize(1);
        assertThat(split.stages().get(0).expectedMillis()).as("the whole-model time wins the latency objective").isEqualTo(9.0);
    }

    @Test
    void aThousandDevicesAreShortlistedAndStillPlanned() {
        List<DeviceView> devices = new ArrayList<>();
        double[] intensity = new double[1000];
        for (int i = 0; i < 1000; i++) {
            devices.add(PaperDevices.device("d" + i, "Z" + i, 0.2 + (i % 9) * 0.1, 1L << 30, 0.5, 3.8, (i % 7) * 0.1, i % 3));
            intensity[i] = 50 + (i * 37) % 700;
        }
        Plan p = plan(Policy.GREEN, devices, intensity, null);
        assertThat(p).isNotNull();
        assertThat(p.candidates()).isLessThan(2_000);
    }

    @Test
    void thePapersGreenModeStaysOnTheFastNodeAsItsAuthorsObserved() {
        assertThat(plan(Policy.PAPER_GREEN).stages().get(0).deviceId()).isEqualTo("high");
    }
}
