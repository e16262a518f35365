package org.carbonedge.core.scheduling;

import java.time.Instant;

import org.carbonedge.core.planning.Plan;

/**
 * What the deferral planner decided for one request.
 *
 * @param plan          the placement to run, null when there is none (then {@code reason} says why)
 * @param releaseAt     when to release it; {@code now} to run at once
 * @param expectedGco2  expected emissions when released at {@code releaseAt}
 * @param runNowGco2    the counterfactual: expected emissions had it run at once (what waiting saves is the
 *                      difference)
 * @param reason        why it runs now or waits, or why there is no plan, in words
 */
public record Deferral(Plan plan, Instant releaseAt, double expectedGco2, double runNowGco2, String reason) {

    /** Whether it runs at once. */
    public boolean runsNow(Instant now) {
        return plan != null && !releaseAt.isAfter(now);
    }

    /** Expected saving against running at once, grams (0 when it runs at once). */
    public double expectedSavingGco2() {
        return plan == null ? 0 : runNowGco2 - expectedGco2;
    }
}
