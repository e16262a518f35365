package org.carbonedge.ingest.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.junit.jupiter.api.Test;

class DeviceStateRollupTest {

    private final DeviceStateRollup rollup = new DeviceStateRollup(Duration.ofSeconds(1), 3);
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theFirstHeartbeatIsTakenAsIsAndLaterOnesAreSmoothed() {
        DeviceState s1 = rollup.apply(null, Heartbeats.of("d", t0, 1.0, 2), t0);
        assertThat(s1.getLoad()).isEqualTo(1.0);
        assertThat(s1.getTaskCount()).isEqualTo(3);
        DeviceState s2 = rollup.apply(s1, Heartbeats.of("d", t0.plusSeconds(1), 0.0, 0), t0.plusSeconds(1));
        assertThat(s2.getLoad()).isCloseTo(0.7, within(1e-12));
        assertThat(s2.getPowerWatts()).isCloseTo(3.83 + 0.3 * (0.5 - 3.83), within(1e-12));
        assertThat(s2.getStatus()).isEqualTo(DeviceStatus.UP);
        assertThat(s2.getAvgExecutionMillis()).containsEntry("m/0", 2.0);
    }

    @Test
    void aDeviceIsDownAfterThreeMissedHeartbeatsAndOnlyOnce() {
        DeviceState s = rollup.apply(null, Heartbeats.of("d", t0, 0.5, 0), t0);
        assertThat(rollup.expire(s, t0.plusMillis(2_999))).isNull();
        DeviceState down = rollup.expire(s, t0.plusMillis(3_001));
        assertThat(down.getStatus()).isEqualTo(DeviceStatus.DOWN);
        assertThat(down.getTaskCount()).isZero();
        assertThat(rollup.expire(down, t0.plusSeconds(10))).isNull();
    }
}
