package org.carbonedge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JMH wiring of {@code bench scorer --deferral}: every window and zone count runs both benchmarks in one run and
 * yields a line with both figures. In this JVM (fork 0), with the shortest iterations JMH takes.
 */
class DeferralRunsTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void eachWindowAndZoneCountReportsTheDecisionBesideThePlanner() throws Exception {
        JmhSettings tiny = new JmhSettings(1, 50, 1, 100, 0, false);
        List<String> started = new ArrayList<>();
        List<DeferralRuns.Result> results = DeferralRuns.run(tiny, started::add);

        assertThat(started).containsExactly("window_h=6 zones=one", "window_h=6 zones=three", "window_h=24 zones=one",
                "window_h=24 zones=three");
        assertThat(results).hasSize(4).allSatisfy(r -> {
            assertThat(r.decideP50Micros()).isPositive();
            assertThat(r.planP50Micros()).isPositive();
            assertThat(r.line()).startsWith("bench=deferral window_h=" + r.windowHours() + " zones=" + r.zones())
                    .contains(" decide_p50_us=", " plan_p50_us=", " ratio_p50=");
        });
        assertThat(DeferralRuns.report(results)).contains("ratio");
    }
}
