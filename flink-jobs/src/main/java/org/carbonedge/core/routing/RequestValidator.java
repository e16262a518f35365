package org.carbonedge.core.routing;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.core.planning.Policy;

/**
 * Checks a request against the model it names before any device sees it: known model, one input per model input
 * with the right name, dtype and shape, byte length matching the shape, a size limit, a policy that parses and a
 * positive latency objective. The reason it returns is what the dead-letter record says.
 */
public final class RequestValidator {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final long maxRequestBytes;

    public RequestValidator(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Why {@code r} cannot be routed with {@code manifest} (null when the model is unknown), or empty when it can. */
    public Optional<String> problem(InferenceRequest r, ModelManifest manifest) {
        if (r.getRequestId() == null || r.getRequestId().isBlank() || r.getRequestId().length() > 200) {
            return Optional.of("request id must be 1-200 characters");
        }
        if (r.getModelId() == null || !ID.matcher(r.getModelId()).matches()) {
            return Optional.of("invalid model id '" + r.getModelId() + "'");
        }
        if (manifest == null) {
            return Optional.of("unknown model '" + r.getModelId() + "'");
        }
        try {
            Policy.parse(r.getPolicy());
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (r.getLatencySloMillis() != null && !(r.getLatencySloMillis() > 0)) {
            return Optional.of("latency SLO must be > 0 ms, was " + r.getLatencySloMillis());
        }
        return inputsProblem(r.getInputs(), manifest.getInputs(), r.getModelId());
    }

    private Optional<String> inputsProblem(List<Tensor> inputs, List<TensorSpec> specs, String modelId) {
        if (inputs.size() != specs.size()) {
            return Optional.of("model " + modelId + " takes " + specs.size() + " input(s), request has " + inputs.size());
        }
        long total = 0;
        for (TensorSpec spec : specs) {
            Tensor t = inputs.stream().filter(i -> spec.getName().equals(i.getName())).findFirst().orElse(null);
            if (t == null) {
                return Optional.of("missing input '" + spec.getName() + "' of model " + modelId);
            }
            if (t.getDtype() != spec.getDtype()) {
                return Optional.of("input '" + spec.getName() + "' must be " + spec.getDtype() + ", was " + t.getDtype());
            }
            if (!shapeMatches(t.getShape(), spec.getShape())) {
                return Optional.of("input '" + spec.getName() + "' must have shape " + spec.getShape() + ", was " + t.getShape());
            }
            long expected = bytes(t);
            if (expected < 0 || expected != t.getData().remaining()) {
                return Optional.of("input '" + spec.getName() + "' has " + t.getData().remaining() + " bytes, shape "
                        + t.getShape() + " of " + t.getDtype() + " needs " + expected);
            }
            total += expected;
        }
        if (total > maxRequestBytes) {
            return Optional.of("inputs are " + total + " bytes, over the limit of " + maxRequestBytes);
        }
        return Optional.empty();
    }

    private static boolean shapeMatches(List<Long> actual, List<Long> declared) {
        if (actual.size() != declared.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            long d = declared.get(i);
            long a = actual.get(i);
            if (a < 0 || (d >= 0 && d != a)) {
                return false;
            }
        }
        return true;
    }

    private static long bytes(Tensor t) {
        long n = 1;
        try {
            for (long d : t.getShape()) {
                n = Math.multiplyExact(n, d);
            }
            return Math.multiplyExact(n, elementBytes(t.getDtype()));
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    static int elementBytes(TensorDataType type) {
        return switch (type) {
            case FLOAT32, INT32 -> 4;
            case FLOAT16, INT16 -> 2;
            case FLOAT64, INT64 -> 8;
            case INT8, UINT8, BOOL -> 1;
        };
    }
}
