package org.carbonedge.core.planning;

import org.carbonedge.core.scoring.Weights;

/** Prints the planner's choices across a weight sweep (exploration aid, run by hand). */
final class SweepProbe {
    public static void main(String[] args) {
        for (double p : new double[]{1, 2, Double.POSITIVE_INFINITY}) {
            Planner planner = new Planner(PlannerConfig.defaults().withCompromiseNorm(p));
            System.out.println("p=" + p);
            for (Policy pol : new Policy[]{Policy.MONOLITHIC, Policy.PERFORMANCE, Policy.BALANCED, Policy.GREEN,
                    Policy.PAPER_PERFORMANCE, Policy.PAPER_BALANCED, Policy.PAPER_GREEN}) {
                show(planner, pol);
            }
            for (int i = 0; i <= 10; i++) {
                show(planner, Policy.custom(Weights.sweep(Weights.BALANCED, i / 10.0)));
            }
        }
    }

    static void show(Planner planner, Policy pol) {
        Plan plan = planner.plan(pol, PaperDevices.mobilenetLike(), PaperDevices.idle(), PaperDevices.INTENSITY, null);
        StringBuilder s = new StringBuilder();
        plan.stages().forEach(st -> s.append(st.deviceId()).append('[').append(st.firstPartition()).append('-').append(st.lastPartition()).append("] "));
        System.out.printf("  %-50s lat=%6.2f g=%.3e  %s%n", pol.name(), plan.expectedLatencyMillis(), plan.expectedGco2(), s);
    }
}
