package org.carbonedge.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.schemas.validation.RequestValidator.Kind;
import org.junit.jupiter.api.Test;

/** The semantic rules: times read against a clock the test controls, non-finite inputs and SLOs, and the opt-out. */
class RequestValidatorTimeAndValuesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private final RequestValidator validator = new RequestValidator(1 << 20).withClock(Clock.fixed(NOW, ZoneOffset.UTC));

    private static ModelManifest manifest(TensorDataType dtype) {
        return ModelManifest.newBuilder().setModelId("tiny").setVersion(1)
                .setInputs(List.of(new TensorSpec("x", dtype, List.of(1L, 4L))))
                .setOutputs(List.of(new TensorSpec("y", dtype, List.of(1L, 2L))))
                .setTotalMacs(8).setTotalParameterBytes(0).setPartitions(new ArrayList<>())
                .setCreatedAt(Instant.EPOCH).build();
    }

    private static Tensor floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new Tensor("x", TensorDataType.FLOAT32, List.of(1L, 4L), b.flip());
    }

    private static Tensor doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return new Tensor("x", TensorDataType.FLOAT64, List.of(1L, 4L), b.flip());
    }

    private static Tensor halves(int... bits) {
        ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : bits) {
            b.putShort((short) v);
        }
        return new Tensor("x", TensorDataType.FLOAT16, List.of(1L, 4L), b.flip());
    }

    private static InferenceRequest request(Tensor input, Instant submittedAt, Instant deadlineAt, Double slo) {
        return InferenceRequest.newBuilder().setRequestId("r").setModelId("tiny").setPolicy("green")
                .setLatencySloMillis(slo).setInputs(List.of(input)).setSubmittedAt(submittedAt)
                .setDeadlineAt(deadlineAt).build();
    }

    private static InferenceRequest at(Instant submittedAt) {
        return request(floats(1, 2, 3, 4), submittedAt, null, null);
    }

    @Test
    void aSubmissionAheadOfTheClockIsToleratedUpToTheSkew() {
        ModelManifest m = manifest(TensorDataType.FLOAT32);
        assertThat(validator.check(at(NOW.plus(Duration.ofMinutes(5))), m)).isEmpty();
        assertThat(validator.check(at(NOW.minus(Duration.ofDays(3650))), m)).as("replays of old requests").isEmpty();
        assertThat(validator.check(at(NOW.plus(Duration.ofMinutes(5)).plusMillis(1)), m)).hasValueSatisfying(v -> {
            assertThat(v.kind()).isEqualTo(Kind.TIME);
            assertThat(v.reason()).isEqualTo("submittedAt 2026-12-07T12:05:00.001Z is 300001 ms ahead of the clock"
                    + " (2026-12-07T12:00:00Z), more than the tolerated skew of 300000 ms");
        });
        assertThat(validator.check(at(NOW.plus(Duration.ofDays(3650))), m)).isPresent();
        assertThat(validator.withMaxClockSkew(Duration.ZERO).check(at(NOW.plusMillis(1)), m)).isPresent();
    }

    @Test
    void theRouterPassesItsOwnNow() {
        ModelManifest m = manifest(TensorDataType.FLOAT32);
        Instant later = NOW.plus(Duration.ofHours(1));
        assertThat(validator.check(at(later), m, later)).isEmpty();
        assertThat(validator.check(at(later), m)).isPresent();
    }

    @Test
    void aDeadlineBeforeTheSubmissionIsRefused() {
        ModelManifest m = manifest(TensorDataType.FLOAT32);
        assertThat(validator.check(request(floats(1, 2, 3, 4), NOW, NOW.minusMillis(1), null), m))
                .hasValueSatisfying(v -> assertThat(v.reason())
                        .isEqualTo("deadlineAt 2026-12-07T11:59:59.999Z is before submittedAt 2026-12-07T12:00:00Z"));
        assertThat(validator.check(request(floats(1, 2, 3, 4), NOW, NOW, null), m)).isEmpty();
        assertThat(validator.checkWithoutManifest(request(floats(1, 2, 3, 4), NOW, NOW.minusMillis(1), null)))
                .hasValueSatisfying(v -> assertThat(v.kind()).isEqualTo(Kind.TIME));
    }

    @Test
    void nonFiniteOrNonPositiveSlosAreRefused() {
        ModelManifest m = manifest(TensorDataType.FLOAT32);
        for (double slo : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 0}) {
            assertThat(validator.check(request(floats(1, 2, 3, 4), NOW, null, slo), m)).as("slo %s", slo)
                    .hasValueSatisfying(v -> assertThat(v.kind()).isEqualTo(Kind.LATENCY_SLO));
        }
        assertThat(validator.check(request(floats(1, 2, 3, 4), NOW, null, Double.MIN_VALUE), m)).isEmpty();
    }

    @Test
    void anAccuracyFloorMustBeAShareBetweenZeroAndOne() {
        ModelManifest m = manifest(TensorDataType.FLOAT32);
        for (double floor : new double[]{Double.NaN, Double.POSITIVE_INFINITY, -0.1, 1.01, 70}) {
            var r = request(floats(1, 2, 3, 4), NOW, null, null);
            r.setAccuracyFloor(floor);
            assertThat(validator.check(r, m)).as("floor %s", floor).hasValueSatisfying(v -> {
                assertThat(v.kind()).isEqualTo(Kind.ACCURACY_FLOOR);
                assertThat(v.reason()).startsWith("accuracy floor must be a share in [0, 1]");
            });
        }
        for (double floor : new double[]{0, 0.7, 1}) {
            var r = request(floats(1, 2, 3, 4), NOW, null, null);
            r.setAccuracyFloor(floor);
            assertThat(validator.check(r, m)).as("floor %s", floor).isEmpty();
        }
    }

    @Test
    void nanAndInfinityInFloatInputsAreRefusedByDefault() {
        ModelManifest f32 = manifest(TensorDataType.FLOAT32);
        assertThat(validator.check(request(floats(1, 2, Float.NaN, 4), NOW, null, null), f32)).hasValueSatisfying(v -> {
            assertThat(v.kind()).isEqualTo(Kind.NON_FINITE_INPUT);
            assertThat(v.reason()).isEqualTo("input 'x' holds a NaN or infinite FLOAT32 value at element 2");
        });
        assertThat(validator.check(request(floats(Float.NEGATIVE_INFINITY, 2, 3, 4), NOW, null, null), f32)).isPresent();
        assertThat(validator.check(request(floats(Float.MAX_VALUE, -0f, Float.MIN_VALUE, 4), NOW, null, null), f32)).isEmpty();
        ModelManifest f64 = manifest(TensorDataType.FLOAT64);
        assertThat(validator.check(request(doubles(1, 2, 3, Double.POSITIVE_INFINITY), NOW, null, null), f64))
                .hasValueSatisfying(v -> assertThat(v.reason()).endsWith("FLOAT64 value at element 3"));
        assertThat(validator.check(request(doubles(1, 2, 3, Double.MAX_VALUE), NOW, null, null), f64)).isEmpty();
        ModelManifest f16 = manifest(TensorDataType.FLOAT16);
        // 0x3C00 = 1.0, 0x7BFF = 65504 (largest finite), 0xFC00 = -Infinity, 0x7E00 = NaN
        assertThat(validator.check(request(halves(0x3C00, 0x7BFF, 0x0001, 0x8000), NOW, null, null), f16)).isEmpty();
        assertThat(validator.check(request(halves(0x3C00, 0xFC00, 0, 0), NOW, null, null), f16))
                .hasValueSatisfying(v -> assertThat(v.reason()).endsWith("FLOAT16 value at element 1"));
        assertThat(validator.check(request(halves(0, 0, 0, 0x7E00), NOW, null, null), f16)).isPresent();
    }

    @Test
    void theOptOutAcceptsNonFiniteInputsButNothingElse() {
        RequestValidator lenient = validator.allowingNonFiniteInputs();
        ModelManifest f32 = manifest(TensorDataType.FLOAT32);
        assertThat(lenient.check(request(floats(Float.NaN, 2, 3, 4), NOW, null, null), f32)).isEmpty();
        assertThat(lenient.check(request(floats(Float.NaN, 2, 3, 4), NOW.plus(Duration.ofDays(1)), null, null), f32))
                .hasValueSatisfying(v -> assertThat(v.kind()).isEqualTo(Kind.TIME));
    }

    @Test
    void readingTheInputsDoesNotMoveTheBuffer() {
        Tensor t = floats(1, 2, 3, 4);
        int before = t.getData().position();
        validator.check(request(t, NOW, null, null), manifest(TensorDataType.FLOAT32));
        assertThat(t.getData().position()).isEqualTo(before);
    }
}
