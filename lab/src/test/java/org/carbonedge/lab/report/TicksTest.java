package org.carbonedge.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TicksTest {

    @Test
    void numericTicksCoverTheRangeAtOneTwoFiveSteps() {
        assertThat(Ticks.covering(0, 384, 5)).containsExactly(0, 100, 200, 300, 400);
        assertThat(Ticks.covering(0, 1, 8)).containsExactly(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, within(1e-12));
        double[] tiny = Ticks.covering(0, 9.4e-6, 5);
        assertThat(tiny[0]).isZero();
        assertThat(tiny[tiny.length - 1]).isGreaterThanOrEqualTo(9.4e-6);
        assertThat(tiny[1]).isCloseTo(2e-6, within(1e-15));
    }

    @Test
    void anEmptyRangeIsWidened() {
        assertThat(Ticks.covering(0, 0, 5)).startsWith(0).endsWith(1);
        double[] t = Ticks.covering(50, 50, 5);
        assertThat(t[0]).isLessThan(50);
        assertThat(t[t.length - 1]).isGreaterThan(50);
    }

    @Test
    void labelsShowTheDecimalsTheStepNeeds() {
        assertThat(Ticks.label(0.30000000000000004, 0.1)).isEqualTo("0.3");
        assertThat(Ticks.label(1500, 500)).isEqualTo("1500");
        assertThat(Ticks.label(2e-6, 2e-6)).isEqualTo("0.000002");
        assertThat(Ticks.label(-0.0, 0.5)).isEqualTo("0.0");
    }

    @Test
    void hourTicksAreWholeUtcHoursAtAReadableStep() {
        Instant from = Instant.parse("2026-11-29T02:00:00Z");
        List<Instant> ticks = Ticks.hours(from, Instant.parse("2026-11-30T03:00:00Z"), 10);
        assertThat(ticks).hasSizeLessThanOrEqualTo(10).contains(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(ticks).allSatisfy(t -> assertThat(t.getEpochSecond() % (3 * 3600)).isZero());
        assertThat(Ticks.hours(Instant.parse("2026-11-29T02:10:00Z"), Instant.parse("2026-11-29T05:00:00Z"), 10))
                .containsExactly(Instant.parse("2026-11-29T03:00:00Z"), Instant.parse("2026-11-29T04:00:00Z"),
                        Instant.parse("2026-11-29T05:00:00Z"));
    }
}
