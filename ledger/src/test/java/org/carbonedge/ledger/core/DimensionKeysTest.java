package org.carbonedge.ledger.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DimensionKeysTest {

    @Test
    void dimensionsAreTheSegmentNames() {
        assertThat(DimensionKeys.dimensionOf("all")).isEqualTo("all");
        assertThat(DimensionKeys.dimensionOf("zone:US-CAL-CISO")).isEqualTo("zone");
        assertThat(DimensionKeys.dimensionOf("hour:2026-11-26T23:00Z|policy:green")).isEqualTo("hour|policy");
        assertThat(DimensionKeys.dimensionOf("policy:custom:0.2,0.2,0.2,0.2,0.2")).isEqualTo("policy");
        assertThat(DimensionKeys.valueOf("policy:custom:0.2,0.2,0.2,0.2,0.2", "policy")).isEqualTo("custom:0.2,0.2,0.2,0.2,0.2");
        assertThat(DimensionKeys.valueOf("hour:2026-11-26T23:00Z|zone:DE", "zone")).isEqualTo("DE");
        assertThat(DimensionKeys.valueOf("hour:2026-11-26T23:00Z|zone:DE", "hour")).isEqualTo("2026-11-26T23:00Z");
        assertThat(DimensionKeys.valueOf("device:edge-a", "zone")).isNull();
        assertThat(DimensionKeys.dimensionOf("family:mobilenetv2")).isEqualTo("family");
        assertThat(DimensionKeys.dimensionOf("family:mobilenetv2|model:mobilenetv2-w075")).isEqualTo("family|model");
        assertThat(DimensionKeys.valueOf("family:mobilenetv2|model:mobilenetv2-w075", "model"))
                .isEqualTo("mobilenetv2-w075");
    }

    @Test
    void malformedOrUnknownKeysAreRejectedWithTheReason() {
        assertThatThrownBy(() -> DimensionKeys.dimensionOf("planet:earth")).hasMessageContaining("unknown dimension 'planet'");
        assertThatThrownBy(() -> DimensionKeys.dimensionOf("zone")).hasMessageContaining("is not name:value");
        assertThatThrownBy(() -> DimensionKeys.dimensionOf("zone:")).hasMessageContaining("is not name:value");
        assertThatThrownBy(() -> DimensionKeys.dimensionOf("zone:DE|")).hasMessageContaining("is not name:value");
        assertThatThrownBy(() -> DimensionKeys.dimensionOf("policy:green|hour:2026-11-26T23:00Z"))
                .hasMessageContaining("unknown dimension 'policy|hour'");
        assertThatThrownBy(() -> DimensionKeys.dimensionOf("")).hasMessageContaining("empty ledger key");
    }

    @Test
    void hoursAreTruncatedUtcHours() {
        assertThat(DimensionKeys.hour(Instant.parse("2026-11-26T23:59:59.999Z"))).isEqualTo("2026-11-26T23:00Z");
        assertThat(DimensionKeys.hour(Instant.parse("2026-11-27T00:00:00Z"))).isEqualTo("2026-11-27T00:00Z");
    }

    @Test
    void onlySelectsOneDimensionInKeyOrder() {
        Map<String, Integer> keys = Map.of("zone:SE", 1, "zone:DE", 2, "hour:2026-11-26T23:00Z|zone:DE", 3, "all", 4);
        assertThat(DimensionKeys.only(keys, "zone")).containsExactly(Map.entry("zone:DE", 2), Map.entry("zone:SE", 1));
        assertThat(DimensionKeys.only(keys, null)).hasSize(4);
    }
}
