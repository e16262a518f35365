package org.carbonedge.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaHopFloorTest {

    @Test
    void everyRecordCrossesEveryRelayOfTheFloor(@TempDir Path dir) throws Exception {
        // measure() throws unless all 500 records of the measured run arrive at the end of the 2 relays
        KafkaHopFloor.Result r = KafkaHopFloor.measure(dir, 500, 2, 3_200, Duration.ofSeconds(60));
        assertThat(r.records()).isEqualTo(500);
        assertThat(r.relays()).isEqualTo(2);
        assertThat(r.seconds()).isPositive();
        assertThat(r.recordsPerSecond()).isEqualTo(500 / r.seconds());
        assertThat(r.cpuNanos()).as("the broker and relays used CPU").isPositive();
    }

    @Test
    void refusesAnEmptyRun(@TempDir Path dir) {
        assertThatThrownBy(() -> KafkaHopFloor.measure(dir, 0, 2, 100, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
