package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ShiftWorkloadTest {

    private static final Instant FROM = Instant.parse("2023-11-20T00:00:00Z");

    @Test
    void everyWindowArrivesAtItsSteadyRateOffsetFromTheOthers() {
        ShiftWorkload w = new ShiftWorkload(FROM, FROM.plus(Duration.ofHours(2)), List.of(1, 6, 24), 2);

        List<ShiftWorkload.Arrival> arrivals = w.arrivals();

        assertThat(arrivals).hasSize(3 * 4);
        assertThat(arrivals).extracting(ShiftWorkload.Arrival::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(arrivals).extracting(ShiftWorkload.Arrival::arrivalAt).isSorted();
        assertThat(arrivals.subList(0, 3)).extracting(ShiftWorkload.Arrival::arrivalAt).containsExactly(FROM,
                FROM.plus(Duration.ofMinutes(10)), FROM.plus(Duration.ofMinutes(20)));
        assertThat(arrivals.subList(0, 3)).extracting(ShiftWorkload.Arrival::windowHours).containsExactly(1, 6, 24);
        assertThat(arrivals).filteredOn(a -> a.windowHours() == 6).extracting(ShiftWorkload.Arrival::arrivalAt)
                .containsExactly(FROM.plus(Duration.ofMinutes(10)), FROM.plus(Duration.ofMinutes(40)),
                        FROM.plus(Duration.ofMinutes(70)), FROM.plus(Duration.ofMinutes(100)));
        assertThat(arrivals).allSatisfy(a -> assertThat(a.deadlineAt()).isEqualTo(a.arrivalAt().plus(a.window())));
        assertThat(w.longestWindow()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void badSettingsAreRefused() {
        Instant to = FROM.plus(Duration.ofHours(1));
        assertThatThrownBy(() -> new ShiftWorkload(to, FROM, List.of(1), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShiftWorkload(FROM, to, List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShiftWorkload(FROM, to, List.of(0), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShiftWorkload(FROM, to, List.of(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
