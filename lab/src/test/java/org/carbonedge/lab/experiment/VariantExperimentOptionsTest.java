package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.carbonedge.core.planning.AccuracyObjective;
import org.junit.jupiter.api.Test;

/** The variants experiment's workloads, arrivals and router objectives, without running it. */
class VariantExperimentOptionsTest {

    private static final Instant FROM = Instant.parse("2023-06-01T00:00:00Z");

    @Test
    void baselineFirstThenFloorsThenObjectivesHeldOverTheWallTimeOfAGridHour() {
        VariantExperiment.Options o = options(Duration.ofSeconds(2));

        assertThat(o.workloads()).extracting(VariantAnalysis.Workload::key).containsExactly("baseline=full",
                "floor=0.72", "floor=0.70", "floor=0.65", "floor=0.60", "objective=0.71", "objective=0.69");
        assertThat(o.routerObjectives()).containsExactly(
                Map.entry("tenant=exp-0.71", new AccuracyObjective(0.71, Duration.ofSeconds(2))),
                Map.entry("tenant=exp-0.69", new AccuracyObjective(0.69, Duration.ofSeconds(2))));
        assertThat(o.deviceSets().keySet()).containsExactly("paper", "edge");
        assertThat(VariantExperiment.models()).containsExactlyInAnyOrder("mobilenetv2", "mobilenetv2-w140", "mobilenetv2-w075",
                "mobilenetv2-w050", "mobilenetv2-w035");
        assertThat(VariantExperiment.models().get(0)).isEqualTo("mobilenetv2");
        assertThat(VariantExperiment.publishedAccuracy("mobilenetv2-w075")).isEqualTo(0.698);
    }

    @Test
    void arrivalsAreSpreadEvenlyWithinEachHourAndNeverOnItsEdge() {
        List<Instant> arrivals = options(Duration.ofSeconds(2)).arrivals();

        assertThat(arrivals).hasSize(8);
        assertThat(arrivals.get(0)).isEqualTo(FROM.plusSeconds(450));
        assertThat(arrivals.get(3)).isEqualTo(FROM.plusSeconds(3150));
        assertThat(arrivals.get(4)).isEqualTo(FROM.plusSeconds(3600 + 450));
    }

    @Test
    void aGridHourTakesAtLeastOneSecond() {
        assertThatThrownBy(() -> options(Duration.ofMillis(500))).hasMessageContaining("at least 1 s");
    }

    private static VariantExperiment.Options options(Duration hour) {
        return new VariantExperiment.Options(Path.of("d"), Path.of("f"), null, FROM, FROM.plusSeconds(7200), 4, hour,
                Duration.ofHours(24), "green", new java.util.LinkedHashMap<>(Map.of("paper", List.of("paper-high"))) {{
                    put("edge", List.of("rpi4"));
                }}, List.of(0.72, 0.70, 0.65, 0.60), List.of(0.71, 0.69), null);
    }
}
