package org.carbonedge.jobs.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    /** {@code RequestFingerprint.of(request(T0, data(602_112, 0)))}, computed once; see the test using it. */
    private static final int PINNED = 1_683_294_897;

    @Test
    void theSameRequestDecodedAgainHasTheSameFingerprint() {
        assertThat(RequestFingerprint.of(request(T0, data(602_112, 0)))).isEqualTo(RequestFingerprint.of(request(T0, data(602_112, 0))));
    }

    /**
     * The fingerprint outlives the JVM (router state, restored after a crash), so it is pinned: a value hashed by
     * identity (an enum) changes from one JVM to the next and turns every redelivery after a restart into a "reused
     * id" dead letter.
     */
    @Test
    void theFingerprintIsTheSameInEveryJvm() {
        assertThat(RequestFingerprint.of(request(T0, data(602_112, 0)))).isEqualTo(PINNED);
    }

    @Test
    void anotherRequestUnderTheSameIdDiffersInHeaderSizeOrSampledData() {
        int base = RequestFingerprint.of(request(T0, data(602_112, 0)));
        assertThat(RequestFingerprint.of(request(T0.plusMillis(1), data(602_112, 0)))).as("submittedAt").isNotEqualTo(base);
        assertThat(RequestFingerprint.of(request(T0, data(602_108, 0)))).as("size").isNotEqualTo(base);
        assertThat(RequestFingerprint.of(request(T0, data(602_112, 7)))).as("data").isNotEqualTo(base);
    }

    private static ByteBuffer data(int bytes, int salt) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (i * 7 + salt);
        }
        return ByteBuffer.wrap(b);
    }

    private static InferenceRequest request(Instant submittedAt, ByteBuffer data) {
        Tensor input = Tensor.newBuilder().setName("input").setDtype(TensorDataType.FLOAT32)
                .setShape(List.of(1L, (long) data.remaining() / 4)).setData(data).build();
        return InferenceRequest.newBuilder().setRequestId("r-1").setModelId("mobilenetv2").setInputs(List.of(input))
                .setPolicy("green").setSubmittedAt(submittedAt).build();
    }
}
