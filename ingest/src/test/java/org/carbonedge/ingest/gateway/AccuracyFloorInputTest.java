package org.carbonedge.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;

import org.carbonedge.avro.ModelManifest;
import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.junit.jupiter.api.Test;

/**
 * A request's accuracy floor as the gateway reads it: a JSON number or a query parameter; anything else is 400 with
 * what to give. Whether the share lies in [0, 1] is the request validator's call (400, kind ACCURACY_FLOOR).
 */
class AccuracyFloorInputTest {

    private static final Function<String, ModelManifest> MODELS =
            id -> id.equals(IngestFixtures.MODEL) ? IngestFixtures.manifest(id) : null;

    private static InferenceInput json(String fields) {
        return InferenceInput.fromJson(GatewayJson.read(("{\"modelId\":\"tiny\"," + fields
                + "\"inputs\":[{\"values\":[1,2,3,4]}]}").getBytes(), "body"), MODELS, null);
    }

    @Test
    void aFloorIsANumberInJsonOrTheQueryAndAbsentMeansExactlyTheModel() {
        assertThat(json("\"accuracyFloor\":0.70,").accuracyFloor()).isEqualTo(0.70);
        assertThat(json("").accuracyFloor()).isNull();
        assertThat(json("\"accuracyFloor\":null,").accuracyFloor()).isNull();
        assertThatThrownBy(() -> json("\"accuracyFloor\":\"70%\",")).isInstanceOfSatisfying(RejectedInputException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("accuracyFloor must be a number, a share in [0, 1] (e.g. 0.70)");
                });
        byte[] body = new byte[16];
        assertThat(InferenceInput.fromBinary(body, Map.of("model", "tiny", "accuracyFloor", "0.65"), MODELS)
                .accuracyFloor()).isEqualTo(0.65);
        assertThatThrownBy(() -> InferenceInput.fromBinary(body, Map.of("model", "tiny", "accuracyFloor", "high"), MODELS))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("query parameter accuracyFloor");
    }
}
