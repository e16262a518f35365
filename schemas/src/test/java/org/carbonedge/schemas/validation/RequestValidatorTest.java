package org.carbonedge.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.schemas.validation.RequestValidator.Kind;
import org.carbonedge.schemas.validation.RequestValidator.Violation;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    private final RequestValidator validator = new RequestValidator(64);

    private static ModelManifest manifest() {
        return ModelManifest.newBuilder().setModelId("tiny").setVersion(1)
                .setInputs(List.of(new TensorSpec("x", TensorDataType.FLOAT32, List.of(-1L, 4L))))
                .setOutputs(List.of(new TensorSpec("y", TensorDataType.FLOAT32, List.of(-1L, 2L))))
                .setTotalMacs(8).setTotalParameterBytes(0).setPartitions(new ArrayList<>())
                .setCreatedAt(Instant.EPOCH).build();
    }

    private static Tensor tensor(String name, TensorDataType dtype, int bytes, long... shape) {
        List<Long> s = new ArrayList<>();
        for (long d : shape) {
            s.add(d);
        }
        return new Tensor(name, dtype, s, ByteBuffer.wrap(new byte[bytes]));
    }

    private static InferenceRequest request(String id, String model, String policy, Double slo, Tensor... inputs) {
        return InferenceRequest.newBuilder().setRequestId(id).setModelId(model).setPolicy(policy)
                .setLatencySloMillis(slo).setInputs(List.of(inputs)).setSubmittedAt(Instant.EPOCH).build();
    }

    private Violation violation(InferenceRequest r) {
        return validator.check(r, manifest()).orElseThrow();
    }

    @Test
    void aFittingRequestPassesWithADynamicBatchDimension() {
        assertThat(validator.problem(request("r", "tiny", "green", 50.0,
                tensor("x", TensorDataType.FLOAT32, 32, 2, 4)), manifest())).isEmpty();
    }

    @Test
    void eachBrokenRuleHasItsKindAndReason() {
        Tensor ok = tensor("x", TensorDataType.FLOAT32, 16, 1, 4);
        assertThat(violation(request("", "tiny", "green", null, ok)).kind()).isEqualTo(Kind.REQUEST_ID);
        assertThat(violation(request("r", "../etc", "green", null, ok)))
                .isEqualTo(new Violation(Kind.MODEL_ID, "invalid model id '../etc'"));
        assertThat(validator.check(request("r", "tiny", "green", null, ok), null))
                .contains(new Violation(Kind.UNKNOWN_MODEL, "unknown model 'tiny'"));
        assertThat(violation(request("r", "tiny", "greenest", null, ok)).kind()).isEqualTo(Kind.POLICY);
        assertThat(violation(request("r", "tiny", "green", 0.0, ok)))
                .isEqualTo(new Violation(Kind.LATENCY_SLO, "latency SLO must be finite and > 0 ms, was 0.0"));
        assertThat(violation(request("r", "tiny", "green", null, tensor("z", TensorDataType.FLOAT32, 16, 1, 4))))
                .isEqualTo(new Violation(Kind.INPUTS, "missing input 'x' of model tiny"));
        assertThat(violation(request("r", "tiny", "green", null, tensor("x", TensorDataType.INT32, 16, 1, 4))))
                .isEqualTo(new Violation(Kind.INPUTS, "input 'x' must be FLOAT32, was INT32"));
        assertThat(violation(request("r", "tiny", "green", null, tensor("x", TensorDataType.FLOAT32, 20, 1, 5))))
                .isEqualTo(new Violation(Kind.INPUTS, "input 'x' must have shape [-1, 4], was [1, 5]"));
        assertThat(violation(request("r", "tiny", "green", null, tensor("x", TensorDataType.FLOAT32, 15, 1, 4))))
                .isEqualTo(new Violation(Kind.INPUTS, "input 'x' has 15 bytes, shape [1, 4] of FLOAT32 needs 16"));
        assertThat(violation(request("r", "tiny", "green", null, ok, ok)).kind()).isEqualTo(Kind.INPUTS);
        assertThat(violation(request("r", "tiny", "green", null, tensor("x", TensorDataType.FLOAT32, 80, 5, 4))))
                .isEqualTo(new Violation(Kind.TOO_LARGE, "inputs are 80 bytes, over the limit of 64"));
    }

    @Test
    void withoutAManifestOnlyIdsPolicyAndSloAreChecked() {
        Tensor wrong = tensor("z", TensorDataType.INT8, 1, 1);
        assertThat(validator.checkWithoutManifest(request("r", "later", "green", null, wrong))).isEmpty();
        assertThat(validator.checkWithoutManifest(request("r", "later", "greener", null, wrong)))
                .hasValueSatisfying(v -> assertThat(v.kind()).isEqualTo(Kind.POLICY));
        assertThat(validator.checkWithoutManifest(request("r", "later", "green", -1.0, wrong)))
                .hasValueSatisfying(v -> assertThat(v.kind()).isEqualTo(Kind.LATENCY_SLO));
    }

    @Test
    void aDeferrableRequestMustSayWhenItMustBeDone() {
        Tensor ok = tensor("x", TensorDataType.FLOAT32, 16, 1, 4);
        InferenceRequest open = request("r", "tiny", "green", null, ok);
        open.setDeferrable(true);
        assertThat(violation(open)).isEqualTo(new Violation(Kind.TIME,
                "a deferrable request needs deadlineAt, the time it must complete by"));
        open.setDeadlineAt(Instant.EPOCH.plusSeconds(6 * 3600));
        assertThat(validator.check(open, manifest())).isEmpty();
    }

    @Test
    void deferrableIsABackwardCompatibleAdditionThatDefaultsToRunningAtOnce() throws Exception {
        org.apache.avro.Schema now = InferenceRequest.getClassSchema();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode before =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(now.toString());
        com.fasterxml.jackson.databind.node.ArrayNode fields = (com.fasterxml.jackson.databind.node.ArrayNode) before.get("fields");
        for (int i = fields.size() - 1; i >= 0; i--) {
            // the schema before deferrable: neither it nor the fields added after it
            if (java.util.Set.of("deferrable", "accuracyFloor").contains(fields.get(i).get("name").asText())) {
                fields.remove(i);
            }
        }
        org.apache.avro.Schema old = new org.apache.avro.Schema.Parser().parse(before.toString());
        assertThat(org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(now, old).getType())
                .as("the new schema reads records written before").isEqualTo(
                        org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(old, now).getType())
                .as("and old readers read new records").isEqualTo(
                        org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        InferenceRequest sample = request("r", "tiny", "green", null, tensor("x", TensorDataType.FLOAT32, 16, 1, 4));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
        // written as a producer built before the field existed would write it
        new org.apache.avro.specific.SpecificDatumWriter<InferenceRequest>(old,
                org.apache.avro.specific.SpecificData.getForClass(InferenceRequest.class)).write(sample, encoder);
        encoder.flush();
        InferenceRequest read = new org.apache.avro.specific.SpecificDatumReader<InferenceRequest>(old, now)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(read.getDeferrable()).isFalse();
        assertThat(read.getRequestId()).isEqualTo("r");
    }
}
