package org.carbonedge.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.lab.SharedGrid;
import org.junit.jupiter.api.Test;

/** The trace's intensities from real files of two formats: Electricity Maps hourly for DE, NESO half-hourly for GB. */
class TraceGridTest {

    private static final Instant FROM = Instant.parse("2023-11-19T08:00:00Z");
    private static final Instant TO = Instant.parse("2023-11-19T10:00:00Z");

    @Test
    void readsEachZonesWindowFromFilesOfAnyFormat() {
        Path em = SharedGrid.zone("DE");
        Path neso = em.getParent().resolveSibling("neso").resolve("GB_national_2023_halfhourly.csv");

        Map<String, List<GridIntensity>> grid = TraceGrid.load(List.of(em, neso), List.of("DE", "GB"), FROM, TO);

        assertThat(grid.get("DE")).extracting(GridIntensity::getGco2PerKwh).containsExactly(135.93, 129.6);
        assertThat(grid.get("GB")).hasSize(4);
        assertThat(grid.get("GB").get(0).getValidFrom()).isEqualTo(FROM);
        assertThat(grid.get("GB").get(0).getGco2PerKwh()).isEqualTo(70.0); // the actual of 08:00-08:30
    }

    @Test
    void refusesAZoneWithoutDataAndAWindowTheDataDoesNotCover() {
        Path de = SharedGrid.zone("DE");

        assertThatThrownBy(() -> TraceGrid.load(List.of(de), List.of("DE", "FR"), FROM, TO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no grid data for zone 'FR'");
        assertThatThrownBy(() -> TraceGrid.load(List.of(de), List.of("DE"), Instant.parse("2023-12-31T23:00:00Z"),
                Instant.parse("2024-01-01T01:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not cover the window");
    }
}
