package org.carbonedge.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import org.carbonedge.avro.ModelManifest;
import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.junit.jupiter.api.Test;

/**
 * A deferrable request's deadline as the gateway reads it: an ISO-8601 UTC {@code deadlineAt} or an ISO-8601
 * duration {@code within} from submission, required when {@code deferrable}, and refused with 400 and a message
 * saying what to give when it is missing, unparsable, not positive or given twice.
 */
class DeferrableInputTest {

    private static final Function<String, ModelManifest> MODELS =
            id -> id.equals(IngestFixtures.MODEL) ? IngestFixtures.manifest(id) : null;
    private static final Instant SUBMITTED = Instant.parse("2026-12-07T22:00:00Z");
    private static final String INPUTS = "\"inputs\":[{\"values\":[1,2,3,4]}]";

    private static InferenceInput json(String fields) {
        return InferenceInput.fromJson(GatewayJson.read(("{\"modelId\":\"tiny\"," + fields + INPUTS + "}").getBytes(),
                "body"), MODELS, null);
    }

    private static void refused(String fields, String message) {
        assertThatThrownBy(() -> json(fields)).isInstanceOfSatisfying(RejectedInputException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void aDeferrableRequestGivesItsDeadlineAsAnInstantOrADuration() {
        InferenceInput at = json("\"deferrable\":true,\"deadlineAt\":\"2026-12-08T06:00:00Z\",");
        assertThat(at.deferrable()).isTrue();
        assertThat(at.deadlineAt(SUBMITTED)).isEqualTo(Instant.parse("2026-12-08T06:00:00Z"));

        InferenceInput within = json("\"deferrable\":true,\"within\":\"PT6H\",");
        assertThat(within.within()).isEqualTo(Duration.ofHours(6));
        assertThat(within.deadlineAt(SUBMITTED)).isEqualTo(Instant.parse("2026-12-08T04:00:00Z"));

        InferenceInput plain = json("");
        assertThat(plain.deferrable()).isFalse();
        assertThat(plain.deadlineAt(SUBMITTED)).isNull();
        // a deadline alone is the contract's plain deadline, for a request that runs at once
        assertThat(json("\"deadlineAt\":\"2026-12-08T06:00:00Z\",").deferrable()).isFalse();
        assertThat(json("\"deferrable\":false,").deferrable()).isFalse();
    }

    @Test
    void aMissingUnparsableOrNonPositiveDeadlineIsRefused() {
        refused("\"deferrable\":true,", "a deferrable request needs the time it must complete by: give deadlineAt");
        refused("\"deferrable\":true,\"within\":\"6h\",", "within must be an ISO-8601 duration, e.g. PT6H or P1D, was '6h'");
        refused("\"deferrable\":true,\"within\":\"PT0S\",", "within must be a positive duration, was PT0S");
        refused("\"deferrable\":true,\"within\":\"-PT1H\",", "within must be a positive duration, was PT-1H");
        refused("\"deferrable\":true,\"within\":6,", "within must be a string");
        refused("\"deferrable\":true,\"deadlineAt\":\"tomorrow\",", "deadlineAt must be an ISO-8601 UTC instant");
        refused("\"deferrable\":true,\"deadlineAt\":\"" + "9".repeat(10_000) + "\",", "was '9999");
        refused("\"deferrable\":true,\"deadlineAt\":\"2026-12-08T06:00:00Z\",\"within\":\"PT6H\",",
                "give deadlineAt or within, not both");
        refused("\"deferrable\":\"yes\",\"within\":\"PT6H\",", "deferrable must be true or false");
        InferenceInput forever = json("\"deferrable\":true,\"within\":\"PT2562047788015215H\",");
        assertThatThrownBy(() -> forever.deadlineAt(SUBMITTED)).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("reaches past any representable deadline");
    }

    @Test
    void aBinaryRequestTakesTheSameFieldsAsQueryParameters() {
        byte[] body = new byte[16];
        InferenceInput in = InferenceInput.fromBinary(body, Map.of("model", "tiny", "deferrable", "true",
                "within", "P1D"), MODELS);
        assertThat(in.deadlineAt(SUBMITTED)).isEqualTo(SUBMITTED.plus(Duration.ofDays(1)));
        assertThatThrownBy(() -> InferenceInput.fromBinary(body, Map.of("model", "tiny", "deferrable", "true"), MODELS))
                .hasMessageContaining("a deferrable request needs");
        assertThatThrownBy(() -> InferenceInput.fromBinary(body, Map.of("model", "tiny", "deferrable", "1",
                "within", "P1D"), MODELS)).hasMessageContaining("deferrable must be true or false");
    }
}
