package org.carbonedge.core.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccuracyObjectiveSpecsTest {

    @Test
    void parsesEachSpecByItsLabel() {
        Map<String, AccuracyObjective> m = AccuracyObjectiveSpecs.parse(" tenant=acme:0.70/PT1H,team=vision:.69/PT30M ");
        assertThat(m).containsExactly(
                Map.entry("tenant=acme", new AccuracyObjective(0.70, Duration.ofHours(1))),
                Map.entry("team=vision", new AccuracyObjective(0.69, Duration.ofMinutes(30))));
        assertThat(AccuracyObjectiveSpecs.parse("  ")).isEmpty();
        assertThat(AccuracyObjectiveSpecs.parse((String) null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant:0.7/PT1H", "tenant=acme:1.2/PT1H", "tenant=acme:0.7/1h", "tenant=acme:0.7/PT0.5S",
            "tenant=acme:0.7", "=acme:0.7/PT1H", "tenant=acme:-0.1/PT1H", "tenant=acme:0.7/PT1H,tenant=acme:0.6/PT1H"})
    void refusesABadSpecNamingIt(String spec) {
        assertThatThrownBy(() -> AccuracyObjectiveSpecs.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accuracy objective");
    }

    @Test
    void boundsHowManyAreRead() {
        List<String> many = java.util.stream.IntStream.range(0, 1_001).mapToObj(i -> "t=" + i + ":0.5/PT1H").toList();
        assertThatThrownBy(() -> AccuracyObjectiveSpecs.parse(many)).hasMessageContaining("at most 1000");
    }
}
