package org.carbonedge.jobs.router;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.Tensor;

/**
 * What tells a request delivered again (the at-least-once validation hop re-sends it byte for byte) from another
 * request under a reused id: every header field, each tensor's name, type, shape and size, and a strided sample of
 * at most {@value #SAMPLED_BYTES} bytes of its data. Avro's own {@code hashCode} would read every input byte — 600 KB
 * per MobileNetV2 request, on every request the router sees — although two different requests under one id almost
 * always differ in their header already ({@code submittedAt}).
 */
final class RequestFingerprint {

    /** Bytes of each tensor's data that enter the fingerprint. */
    static final int SAMPLED_BYTES = 64;

    private RequestFingerprint() {
    }

    static int of(InferenceRequest r) {
        int h = Objects.hash(r.getRequestId(), r.getModelId(), r.getPolicy(), r.getLatencySloMillis(),
                r.getSubmittedAt(), r.getDeadlineAt(), r.getClientId(), r.getAttributes());
        for (Tensor t : r.getInputs()) {
            h = 31 * h + Objects.hash(t.getName(), t.getDtype().name(), t.getShape());
            h = 31 * h + sample(t.getData());
        }
        // only when set, so the fingerprints of requests from before the fields existed do not change
        if (r.getAccuracyFloor() != null) {
            h = 31 * h + Double.hashCode(r.getAccuracyFloor());
        }
        return r.getDeferrable() ? 31 * h + 1 : h;
    }

    private static int sample(ByteBuffer data) {
        int from = data.position();
        int length = data.remaining();
        int h = length;
        int step = Math.max(1, length / SAMPLED_BYTES);
        for (int i = 0; i < length; i += step) {
            h = 31 * h + data.get(from + i);
        }
        return h;
    }
}
