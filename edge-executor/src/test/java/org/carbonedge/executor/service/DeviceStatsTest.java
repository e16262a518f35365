package org.carbonedge.executor.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.carbonedge.executor.device.DeviceProfiles;
import org.junit.jupiter.api.Test;

/** The running totals metrics read: stages, busy time, energy, queue, and the last sampled utilisation. */
class DeviceStatsTest {

    @Test
    void keepsRunningTotalsForMetrics() {
        DeviceStats stats = new DeviceStats("d", "DE", DeviceProfiles.named("paper-green"), () -> 0);
        stats.stageDone("m", new StageOutcome(List.of(), 2_000_000, 0.25, "MODEL", 0, 0, 0, Map.of(0, 2.0), false));
        stats.stageDone("m", new StageOutcome(List.of(), 3_000_000, 0.5, "MODEL", 0, 0, 0, Map.of(), true));
        stats.stageFailed(1_000_000);
        stats.queue(4, 1);

        assertThat(stats.completed()).isEqualTo(2);
        assertThat(stats.busyNanos()).isEqualTo(6_000_000);
        assertThat(stats.energyJoules()).isEqualTo(0.75);
        assertThat(stats.queueDepth()).isEqualTo(4);
        assertThat(stats.tasksInFlight()).isEqualTo(1);
        assertThat(stats.avgMillis("m", 0)).as("a part run on its own").isEqualTo(2.0);
        var sample = stats.sample(Instant.now());
        assertThat(sample.getAvgExecutionMillis()).containsEntry("m/0", 2.0).containsEntry("m/whole", 3.0);
        double sampled = sample.getUtilization();
        assertThat(stats.lastUtilization()).isEqualTo(sampled).isBetween(0.0, 1.0).isPositive();
    }
}
