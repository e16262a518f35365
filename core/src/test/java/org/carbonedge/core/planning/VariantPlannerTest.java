package org.carbonedge.core.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Choosing across a family's variants on the paper's devices: the floor is never crossed, performance takes the most
 * accurate variant, green the greenest, balanced trades the two, carbon never rises as the floor drops, and a floor
 * no variant meets is no choice with the reason.
 */
class VariantPlannerTest {

    private final Planner planner = new Planner(PlannerConfig.defaults());
    private final VariantPlanner variants = new VariantPlanner(planner);

    /** The MobileNetV2-like model scaled to {@code share} of its work, as a width multiplier would. */
    private static ModelView scaled(String id, double share) {
        ModelView m = PaperDevices.mobilenetLike();
        long[] macs = new long[m.partitions()];
        long[] out = new long[m.partitions()];
        long[] params = new long[m.partitions()];
        double[] ref = new double[m.partitions()];
        for (int i = 0; i < macs.length; i++) {
            macs[i] = Math.round(m.macs()[i] * share);
            out[i] = Math.round(m.outputBytes()[i] * Math.sqrt(share));
            params[i] = Math.round(m.parameterBytes()[i] * share);
            ref[i] = m.referenceMillis()[i] * share;
        }
        return new ModelView(id, 1, macs, out, params, m.inputBytes(), ref);
    }

    /** MobileNetV2 widths with their published ImageNet top-1 (Sandler et al. 2018) and roughly their work. */
    private static final List<Variant> FAMILY = List.of(
            new Variant(scaled("w140", 1.95), 0.747),
            new Variant(scaled("w100", 1.0), 0.720),
            new Variant(scaled("w075", 0.70), 0.698),
            new Variant(scaled("w050", 0.32), 0.654),
            new Variant(scaled("w035", 0.20), 0.603));

    private VariantPlanner.Choice choose(String policy, double floor) {
        return variants.choose(Policy.parse(policy), FAMILY, floor, PaperDevices.idle(), PaperDevices.INTENSITY, null,
                null, 2.0);
    }

    @Test
    void performanceTakesTheMostAccurateAllowedAndGreenTheGreenest() {
        assertThat(choose("performance", 0.60).variant().model().modelId()).isEqualTo("w140");
        assertThat(choose("green", 0.60).variant().model().modelId()).isEqualTo("w035");
        assertThat(choose("green", 0.70).variant().model().modelId()).as("the greenest at or above 70%").isEqualTo("w100");
        assertThat(choose("performance", 0.73).variant().model().modelId()).isEqualTo("w140");
    }

    @Test
    void noChoiceEverServesBelowItsFloorAndCarbonNeverRisesAsTheFloorDrops() {
        for (String policy : List.of("performance", "balanced", "green", "custom:0.1,0.1,0.1,0.1,0.6")) {
            double previous = Double.POSITIVE_INFINITY;
            for (double floor : new double[]{0.747, 0.72, 0.70, 0.698, 0.65, 0.60, 0.0}) {
                VariantPlanner.Choice c = choose(policy, floor);
                assertThat(c.variant().accuracy()).as("%s at floor %s", policy, floor).isGreaterThanOrEqualTo(floor);
                if (!policy.equals("performance")) {
                    assertThat(c.plan().expectedGco2()).as("%s: carbon as the floor drops to %s", policy, floor)
                            .isLessThanOrEqualTo(previous * (1 + 1e-12));
                    previous = c.plan().expectedGco2();
                }
            }
        }
    }

    @Test
    void balancedSitsBetweenPerformanceAndGreen() {
        VariantPlanner.Choice perf = choose("performance", 0.60);
        VariantPlanner.Choice green = choose("green", 0.60);
        VariantPlanner.Choice balanced = choose("balanced", 0.60);
        assertThat(balanced.plan().expectedGco2()).isBetween(green.plan().expectedGco2(), perf.plan().expectedGco2());
        assertThat(balanced.variant().accuracy()).isBetween(green.variant().accuracy(), perf.variant().accuracy());
    }

    @Test
    void aFloorNoVariantMeetsOrNoDeviceIsNoChoiceWithTheReason() {
        assertThat(choose("green", 0.80)).isNull();
        assertThat(variants.noChoiceReason()).isEqualTo("no variant reaches the accuracy floor 0.8000 (best 0.7470)");
        List<DeviceView> down = new ArrayList<>();
        for (DeviceView d : PaperDevices.idle()) {
            down.add(new DeviceView(d.deviceId(), d.zone(), d.cpuQuota(), d.memoryBytes(), d.freeMemoryBytes(),
                    d.idleWatts(), d.maxWatts(), d.load(), d.taskCount(), false, 0, java.util.Map.of()));
        }
        assertThat(variants.choose(Policy.GREEN, FAMILY, 0.6, down, PaperDevices.INTENSITY, null, null, 2.0)).isNull();
        assertThat(variants.noChoiceReason()).startsWith("no variant at or above the floor can be planned (w035: no eligible device");
        assertThat(variants.choose(Policy.GREEN, List.of(), 0.6, PaperDevices.idle(), PaperDevices.INTENSITY, null,
                null, 2.0)).isNull();
        assertThat(variants.noChoiceReason()).isEqualTo("the family has no variant");
    }
}
