package org.carbonedge.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.carbonedge.avro.ModelAccuracy;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.junit.jupiter.api.Test;

class ManifestValidatorTest {

    private static ModelManifest variant(String id, String family, ModelAccuracy accuracy, TensorSpec input, TensorSpec output) {
        return ModelManifest.newBuilder().setModelId(id).setVersion(1)
                .setInputs(List.of(input)).setOutputs(List.of(output))
                .setTotalMacs(8).setTotalParameterBytes(0).setPartitions(new ArrayList<>())
                .setCreatedAt(Instant.EPOCH).setFamily(family).setAccuracy(accuracy).build();
    }

    private static TensorSpec image() {
        return new TensorSpec("input", TensorDataType.FLOAT32, List.of(1L, 3L, 224L, 224L));
    }

    private static TensorSpec logits() {
        return new TensorSpec("logits", TensorDataType.FLOAT32, List.of(1L, 1000L));
    }

    private static ModelAccuracy top1(double value) {
        return new ModelAccuracy("top1", value, "Sandler et al. 2018");
    }

    @Test
    void aManifestWithoutFamilyOrAccuracyIsFine() {
        assertThat(ManifestValidator.problem(variant("m", null, null, image(), logits()))).isEmpty();
        assertThat(ManifestValidator.problem(variant("m", "mobilenetv2", top1(0.698), image(), logits()))).isEmpty();
        assertThat(ManifestValidator.problem(variant("m", "f", top1(0), image(), logits()))).isEmpty();
        assertThat(ManifestValidator.problem(variant("m", "f", top1(1), image(), logits()))).isEmpty();
    }

    @Test
    void accuracyOutsideZeroToOneOrNotFiniteIsRefusedWithTheValue() {
        for (double bad : new double[]{69.8, -0.01, 1.0001, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThat(ManifestValidator.problem(variant("m", "f", top1(bad), image(), logits())))
                    .as("top1=%s", bad).hasValueSatisfying(p -> assertThat(p).contains("outside 0..1").contains(String.valueOf(bad)));
        }
    }

    @Test
    void metricSourceAndFamilyNamesAreChecked() {
        assertThat(ManifestValidator.problem(variant("m", "f", new ModelAccuracy("Top-1 %", 0.7, "x"), image(), logits())))
                .hasValueSatisfying(p -> assertThat(p).contains("metric 'Top-1 %'"));
        assertThat(ManifestValidator.problem(variant("m", "f", new ModelAccuracy("top1", 0.7, " "), image(), logits())))
                .hasValueSatisfying(p -> assertThat(p).contains("no source"));
        assertThat(ManifestValidator.problem(variant("m", "bad family", null, image(), logits())))
                .hasValueSatisfying(p -> assertThat(p).contains("invalid family 'bad family'"));
    }

    @Test
    void aVariantWithOtherInputsOrOutputsCannotJoinTheFamilyAndTheMessageNamesTheDifference() {
        ModelManifest member = variant("mobilenetv2", "mobilenetv2", top1(0.72), image(), logits());
        assertThat(ManifestValidator.familyMismatch(variant("w075", "mobilenetv2", top1(0.698), image(), logits()), member)).isEmpty();

        assertThat(ManifestValidator.familyMismatch(variant("small", "mobilenetv2", null,
                new TensorSpec("input", TensorDataType.FLOAT32, List.of(1L, 3L, 160L, 160L)), logits()), member))
                .hasValue("model 'small' cannot join family 'mobilenetv2': input 'input' has shape [1, 3, 160, 160] here"
                        + " and [1, 3, 224, 224] in variant 'mobilenetv2'");
        assertThat(ManifestValidator.familyMismatch(variant("fp16", "mobilenetv2", null,
                new TensorSpec("input", TensorDataType.FLOAT16, List.of(1L, 3L, 224L, 224L)), logits()), member))
                .hasValueSatisfying(p -> assertThat(p).contains("input 'input' is FLOAT16 here and FLOAT32 in variant 'mobilenetv2'"));
        assertThat(ManifestValidator.familyMismatch(variant("renamed", "mobilenetv2", null, image(),
                new TensorSpec("probs", TensorDataType.FLOAT32, List.of(1L, 1000L))), member))
                .hasValueSatisfying(p -> assertThat(p).contains("output 0 is 'probs' here and 'logits' in variant 'mobilenetv2'"));
    }
}
