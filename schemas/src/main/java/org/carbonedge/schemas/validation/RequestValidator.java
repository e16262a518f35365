package org.carbonedge.schemas.validation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * right name, dtype and shape, byte length matching the shape, a size limit, a policy that parses, a finite positive
 * latency objective, believable times and finite floating-point inputs. Part of the contract, not of one service:
 * the router dead-letters what fails it with the reason it returns, and clients and the gateway run the same check
 * first so bad input fails before Kafka.
 *
 * <p>Times are not taken on trust: a {@code submittedAt} more than {@link #maxClockSkew()} (default
 * {@value #DEFAULT_MAX_CLOCK_SKEW_MINUTES} minutes) ahead of the validator's clock is refused (a request ten years
 * ahead produced a latency of −10 years), and so is a deadline before the submission. Submissions in the past are
 * accepted (replays). Float32, float64 and float16 inputs holding NaN or ±Infinity are refused by default: no model
 * is meant to see them and they turn outputs into NaN silently; {@link #allowingNonFiniteInputs()} turns the check
 * off for a deployment that wants them.
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
        TOO_LARGE,
        /** {@code submittedAt} too far ahead of the clock, or a deadline before the submission. */
        TIME,
        /** A floating-point input holds NaN or ±Infinity. */
        NON_FINITE_INPUT,
        /** An accuracy floor outside [0, 1] or not a number. */
        ACCURACY_FLOOR
    }

    /** A broken rule and the reason, in words. */
    public record Violation(Kind kind, String reason) {
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Default tolerance for a {@code submittedAt} ahead of the validator's clock, minutes. */
    public static final long DEFAULT_MAX_CLOCK_SKEW_MINUTES = 5;
    /** Default tolerance for a {@code submittedAt} ahead of the validator's clock. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(DEFAULT_MAX_CLOCK_SKEW_MINUTES);

    private final long maxRequestBytes;
    private final Duration maxClockSkew;
    private final Clock clock;
    private final boolean allowNonFinite;

    /** The default rules: {@link #DEFAULT_MAX_CLOCK_SKEW}, the system clock, non-finite inputs refused. */
    public RequestValidator(long maxRequestBytes) {
        this(maxRequestBytes, DEFAULT_MAX_CLOCK_SKEW, Clock.systemUTC(), false);
    }

    /**
     * @param maxRequestBytes largest accepted input, bytes
     * @param maxClockSkew    how far {@code submittedAt} may be ahead of {@code clock}
     * @param clock           what "now" is for {@link #check(InferenceRequest, ModelManifest)}
     * @param allowNonFinite  accept NaN and ±Infinity in floating-point inputs
     */
    public RequestValidator(long maxRequestBytes, Duration maxClockSkew, Clock clock, boolean allowNonFinite) {
        if (maxClockSkew == null || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("max clock skew must be >= 0, was " + maxClockSkew);
        }
        this.maxRequestBytes = maxRequestBytes;
        this.maxClockSkew = maxClockSkew;
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.allowNonFinite = allowNonFinite;
    }

    /** The same rules with {@code value} as the clock skew tolerance. */
    public RequestValidator withMaxClockSkew(Duration value) {
        return new RequestValidator(maxRequestBytes, value, clock, allowNonFinite);
    }

    /** The same rules read against {@code value} (tests control time with it). */
    public RequestValidator withClock(Clock value) {
        return new RequestValidator(maxRequestBytes, maxClockSkew, value, allowNonFinite);
    }

    /** The same rules, NaN and ±Infinity accepted in floating-point inputs. */
    public RequestValidator allowingNonFiniteInputs() {
        return new RequestValidator(maxRequestBytes, maxClockSkew, clock, true);
    }

    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /** Why {@code r} cannot be routed with {@code manifest} (null when the model is unknown), or empty when it can. */
    public Optional<String> problem(InferenceRequest r, ModelManifest manifest) {
        return check(r, manifest).map(Violation::reason);
    }

    /** {@link #problem(InferenceRequest, ModelManifest)} with {@code now} instead of the clock. */
    public Optional<String> problem(InferenceRequest r, ModelManifest manifest, Instant now) {
        return check(r, manifest, now).map(Violation::reason);
    }

    /** The first rule {@code r} breaks against {@code manifest} (null when the model is unknown), or empty. */
    public Optional<Violation> check(InferenceRequest r, ModelManifest manifest) {
        return check(r, manifest, clock.instant());
    }

    /**
     * The first rule {@code r} breaks against {@code manifest} (null when the model is unknown) at {@code now}, or
     * empty: for a caller with its own notion of time (the router's processing time).
     */
    public Optional<Violation> check(InferenceRequest r, ModelManifest manifest, Instant now) {
        Optional<Violation> ids = ids(r);
        if (ids.isPresent()) {
            return ids;
        }
        // rules that need no manifest first: a request breaking them is refused, not kept waiting for its model
        Optional<Violation> options = options(r, now);
        if (options.isPresent()) {
            return options;
        }
        if (manifest == null) {
            return violation(Kind.UNKNOWN_MODEL, "unknown model '" + r.getModelId() + "'");
        }
        Optional<Violation> inputs = inputs(r.getInputs(), manifest.getInputs(), r.getModelId());
        return inputs.isPresent() || allowNonFinite ? inputs : finite(r.getInputs());
    }

    /**
     * The rules that need no manifest (ids, policy, latency objective, times): what a client can refuse for a model
     * it does not know yet, since such a request could never become valid when the manifest arrives.
     */
    public Optional<Violation> checkWithoutManifest(InferenceRequest r) {
        Optional<Violation> ids = ids(r);
        return ids.isPresent() ? ids : options(r, clock.instant());
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

    private Optional<Violation> options(InferenceRequest r, Instant now) {
        Optional<String> policy = PolicySyntax.problem(r.getPolicy());
        if (policy.isPresent()) {
            return violation(Kind.POLICY, policy.get());
        }
        Double slo = r.getLatencySloMillis();
        if (slo != null && (!(slo > 0) || Double.isInfinite(slo))) {
            return violation(Kind.LATENCY_SLO, "latency SLO must be finite and > 0 ms, was " + slo);
        }
        Double floor = r.getAccuracyFloor();
        if (floor != null && !(floor >= 0 && floor <= 1)) {
            return violation(Kind.ACCURACY_FLOOR, "accuracy floor must be a share in [0, 1] (e.g. 0.70 for 70%), was "
                    + floor);
        }
        return times(r, now);
    }

    private Optional<Violation> times(InferenceRequest r, Instant now) {
        Instant submitted = r.getSubmittedAt();
        if (submitted == null) {
            return violation(Kind.TIME, "submittedAt is missing");
        }
        Instant latest = now.plus(maxClockSkew);
        if (submitted.isAfter(latest)) {
            return violation(Kind.TIME, "submittedAt " + submitted + " is " + Duration.between(now, submitted).toMillis()
                    + " ms ahead of the clock (" + now + "), more than the tolerated skew of " + maxClockSkew.toMillis()
                    + " ms");
        }
        Instant deadline = r.getDeadlineAt();
        if (deadline != null && deadline.isBefore(submitted)) {
            return violation(Kind.TIME, "deadlineAt " + deadline + " is before submittedAt " + submitted);
        }
        if (r.getDeferrable() && deadline == null) {
            return violation(Kind.TIME, "a deferrable request needs deadlineAt, the time it must complete by");
        }
        return Optional.empty();
    }

    /** The first floating-point input holding NaN or ±Infinity, if any (little-endian, as on the wire). */
    private static Optional<Violation> finite(List<Tensor> inputs) {
        for (Tensor t : inputs) {
            long at = NonFinite.firstIndex(t.getDtype(), t.getData());
            if (at >= 0) {
                return violation(Kind.NON_FINITE_INPUT, "input '" + t.getName() + "' holds a NaN or infinite "
                        + t.getDtype() + " value at element " + at);
            }
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
