package org.carbonedge.schemas.validation;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;

/**
 * Checks a request against the manifest of the model it names: known model, one input per model input with the
 * right name, dtype and shape, byte length matching the shape, a size limit, a policy that parses and a positive
 * latency objective. Part of the contract, not of one service: the router dead-letters what fails it with the
 * reason it returns, and clients and the gateway run the same check first so bad input fails before Kafka.
 */
public final class RequestValidator {

    /** What kind of rule a request broke, so callers can map it (e.g. to an HTTP status). */
    public enum Kind {
        /** Request id missing or too long. */
        REQUEST_ID,
        /** Model id not of the form [A-Za-z0-9][A-Za-z0-9._-]{0,63}. */
        MODEL_ID,
        /** No manifest for the model (the router retries these until the deadline: the model may come later). */
        UNKNOWN_MODEL,
        /** Policy name does not parse. */
        POLICY,
        /** Latency objective not positive. */
        LATENCY_SLO,
        /** Input names, count, dtypes, shapes or byte lengths do not fit the model. */
        INPUTS,
        /** Inputs larger than the limit. */
        TOO_LARGE
    }

    /** A broken rule and the reason, in words. */
    public record Violation(Kind kind, String reason) {
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final long maxRequestBytes;

    public RequestValidator(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /** Why {@code r} cannot be routed with {@code manifest} (null when the model is unknown), or empty when it can. */
    public Optional<String> problem(InferenceRequest r, ModelManifest manifest) {
        return check(r, manifest).map(Violation::reason);
    }

    /** The first rule {@code r} breaks against {@code manifest} (null when the model is unknown), or empty. */
    public Optional<Violation> check(InferenceRequest r, ModelManifest manifest) {
        Optional<Violation> ids = ids(r);
        if (ids.isPresent()) {
            return ids;
        }
        if (manifest == null) {
            return violation(Kind.UNKNOWN_MODEL, "unknown model '" + r.getModelId() + "'");
        }
        Optional<Violation> options = options(r);
        return options.isPresent() ? options : inputs(r.getInputs(), manifest.getInputs(), r.getModelId());
    }

    /**
     * The rules that need no manifest (ids, policy, latency objective): what a client can refuse for a model it
     * does not know yet, since such a request could never become valid when the manifest arrives.
     */
    public Optional<Violation> checkWithoutManifest(InferenceRequest r) {
        Optional<Violation> ids = ids(r);
        return ids.isPresent() ? ids : options(r);
    }

    private static Optional<Violation> ids(InferenceRequest r) {
        if (r.getRequestId() == null || r.getRequestId().isBlank() || r.getRequestId().length() > 200) {
            return violation(Kind.REQUEST_ID, "request id must be 1-200 characters");
        }
        if (r.getModelId() == null || !ID.matcher(r.getModelId()).matches()) {
            return violation(Kind.MODEL_ID, "invalid model id '" + r.getModelId() + "'");
        }
        return Optional.empty();
    }

    private static Optional<Violation> options(InferenceRequest r) {
        Optional<String> policy = PolicySyntax.problem(r.getPolicy());
        if (policy.isPresent()) {
            return violation(Kind.POLICY, policy.get());
        }
        if (r.getLatencySloMillis() != null && !(r.getLatencySloMillis() > 0)) {
            return violation(Kind.LATENCY_SLO, "latency SLO must be > 0 ms, was " + r.getLatencySloMillis());
        }
        return Optional.empty();
    }

    private Optional<Violation> inputs(List<Tensor> inputs, List<TensorSpec> specs, String modelId) {
        if (inputs.size() != specs.size()) {
            return violation(Kind.INPUTS, "model " + modelId + " takes " + specs.size() + " input(s), request has " + inputs.size());
        }
        long total = 0;
        for (TensorSpec spec : specs) {
            Tensor t = inputs.stream().filter(i -> spec.getName().equals(i.getName())).findFirst().orElse(null);
            if (t == null) {
                return violation(Kind.INPUTS, "missing input '" + spec.getName() + "' of model " + modelId);
            }
            if (t.getDtype() != spec.getDtype()) {
                return violation(Kind.INPUTS, "input '" + spec.getName() + "' must be " + spec.getDtype() + ", was " + t.getDtype());
            }
            if (!shapeMatches(t.getShape(), spec.getShape())) {
                return violation(Kind.INPUTS, "input '" + spec.getName() + "' must have shape " + spec.getShape()
                        + ", was " + t.getShape());
            }
            long expected = bytes(t);
            if (expected < 0 || expected != t.getData().remaining()) {
                return violation(Kind.INPUTS, "input '" + spec.getName() + "' has " + t.getData().remaining()
                        + " bytes, shape " + t.getShape() + " of " + t.getDtype() + " needs " + expected);
            }
            total += expected;
        }
        if (total > maxRequestBytes) {
            return violation(Kind.TOO_LARGE, "inputs are " + total + " bytes, over the limit of " + maxRequestBytes);
        }
        return Optional.empty();
    }

    private static Optional<Violation> violation(Kind kind, String reason) {
        return Optional.of(new Violation(kind, reason));
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

    /** Bytes per element of {@code type} on the wire (BOOL is one byte, as ONNX Runtime stores it). */
    public static int elementBytes(TensorDataType type) {
        return switch (type) {
            case FLOAT32, INT32 -> 4;
            case FLOAT16, INT16 -> 2;
            case FLOAT64, INT64 -> 8;
            case INT8, UINT8, BOOL -> 1;
        };
    }
}
