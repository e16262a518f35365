package org.carbonedge.ingest.gateway;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.schemas.validation.PolicySyntax;

/**
 * One inference as a caller describes it to the gateway, before it becomes an {@code InferenceRequest}: from the
 * JSON body {@code {"modelId","policy"?,"latencySloMillis"?,"attributes"?,"deferrable"?,"deadlineAt"?,"within"?,
 * "inputs":[tensor...]}} (tensors as {@link TensorJson}) or from a binary body with query parameters. Parsing checks
 * form (400), the model's existence (404) and input names (422); the request validator checks the rest against the
 * manifest.
 *
 * <p>A deferrable request ({@code "deferrable": true}) may be held by the router for a cleaner grid, so it must say
 * by when it has to complete: {@code deadlineAt} (an ISO-8601 UTC instant) or {@code within} (an ISO-8601 duration
 * from submission, e.g. {@code PT6H}), not both. Without either it is refused here, with a message naming both, rather
 * than by the validator's generic one. A deadline without {@code deferrable} is the contract's plain deadline (the
 * router rejects the request instead of retrying it after it).
 *
 * @param policy           null when the caller named none (the default, balanced)
 * @param latencySloMillis null when none
 * @param deferrable       whether the router may hold it for a cleaner grid
 * @param deadlineAt       the deadline as an instant, null when none or given as {@code within}
 * @param within           the deadline as a duration from submission, null when none or given as {@code deadlineAt}
 * @param accuracyFloor    least accuracy accepted (then any variant of the model's family at or above it may
 *                         serve), null for exactly the model named
 */
public record InferenceInput(String modelId, String policy, Double latencySloMillis, Map<String, String> attributes,
                             List<Tensor> inputs, boolean deferrable, Instant deadlineAt, Duration within,
                             Double accuracyFloor) {

    private static final Set<String> FIELDS = Set.of("modelId", "policy", "latencySloMillis", "attributes", "inputs",
            "deferrable", "deadlineAt", "within", "accuracyFloor");
    /** Query parameters of a binary request. */
    public static final Set<String> BINARY_PARAMETERS = Set.of("model", "input", "dtype", "shape", "policy",
            "latencySloMillis", "deferrable", "deadlineAt", "within", "accuracyFloor");

    public InferenceInput {
        if (deadlineAt != null && within != null) {
            throw bad("give deadlineAt or within, not both");
        }
        if (deferrable && deadlineAt == null && within == null) {
            throw bad("a deferrable request needs the time it must complete by: give deadlineAt (ISO-8601 UTC, e.g."
                    + " 2026-12-08T06:00:00Z) or within (ISO-8601 duration from now, e.g. PT6H)");
        }
    }

    /** A request that runs at once, with the router's default deadline. */
    public InferenceInput(String modelId, String policy, Double latencySloMillis, Map<String, String> attributes,
                          List<Tensor> inputs) {
        this(modelId, policy, latencySloMillis, attributes, inputs, false, null, null, null);
    }

    /** A request served by exactly the model it names. */
    public InferenceInput(String modelId, String policy, Double latencySloMillis, Map<String, String> attributes,
                          List<Tensor> inputs, boolean deferrable, Instant deadlineAt, Duration within) {
        this(modelId, policy, latencySloMillis, attributes, inputs, deferrable, deadlineAt, within, null);
    }

    /**
     * The deadline of a request submitted at {@code submittedAt}: {@code deadlineAt}, or {@code submittedAt + within};
     * null when it has none.
     *
     * @throws RejectedInputException 400 when {@code within} reaches past the last instant Java can represent
     */
    public Instant deadlineAt(Instant submittedAt) {
        if (within == null) {
            return deadlineAt;
        }
        try {
            return submittedAt.plus(within);
        } catch (DateTimeException | ArithmeticException e) {
            throw bad("within " + within + " reaches past any representable deadline");
        }
    }

    /**
     * Reads a JSON request.
     *
     * @param models         manifest by model id (null when unknown)
     * @param defaultModelId model to use when the JSON names none (null: modelId is required)
     */
    public static InferenceInput fromJson(JsonNode root, Function<String, ModelManifest> models, String defaultModelId) {
        if (!root.isObject()) {
            throw bad("the body must be a JSON object with modelId and inputs");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw bad("unknown field '" + field + "'; a request has " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        String modelId = text(root, "modelId");
        if (modelId == null) {
            if (defaultModelId == null) {
                throw bad("modelId is required");
            }
            modelId = defaultModelId;
        }
        ModelManifest manifest = manifest(models, modelId);
        String policy = policy(text(root, "policy"));
        Double slo = null;
        JsonNode sloNode = root.get("latencySloMillis");
        if (sloNode != null && !sloNode.isNull()) {
            if (!sloNode.isNumber()) {
                throw bad("latencySloMillis must be a number of milliseconds");
            }
            slo = slo(sloNode.doubleValue());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode attrs = root.get("attributes");
        if (attrs != null && !attrs.isNull()) {
            if (!attrs.isObject()) {
                throw bad("attributes must be an object of strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw bad("attributes." + e.getKey() + " must be a string");
                }
                attributes.put(e.getKey(), e.getValue().textValue());
            }
        }
        boolean deferrable = false;
        JsonNode deferrableNode = root.get("deferrable");
        if (deferrableNode != null && !deferrableNode.isNull()) {
            if (!deferrableNode.isBoolean()) {
                throw bad("deferrable must be true or false");
            }
            deferrable = deferrableNode.booleanValue();
        }
        Instant deadlineAt = instant(text(root, "deadlineAt"));
        Duration within = duration(text(root, "within"));
        Double floor = null;
        JsonNode floorNode = root.get("accuracyFloor");
        if (floorNode != null && !floorNode.isNull()) {
            if (!floorNode.isNumber()) {
                throw bad("accuracyFloor must be a number, a share in [0, 1] (e.g. 0.70)");
            }
            floor = floorNode.doubleValue();
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw bad("inputs must be a non-empty array of tensors {name, dtype, shape, data|values}");
        }
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            tensors.add(TensorJson.decode(inputs.get(i), "inputs[" + i + "]", manifest));
        }
        return new InferenceInput(modelId, policy, slo, attributes, tensors, deferrable, deadlineAt, within, floor);
    }

    /**
     * Reads a binary request: {@code body} holds one input tensor's raw little-endian bytes; the query names the
     * model and optionally the input, dtype, shape (comma-separated), policy and latencySloMillis.
     */
    public static InferenceInput fromBinary(byte[] body, Map<String, String> query, Function<String, ModelManifest> models) {
        String modelId = query.get("model");
        if (modelId == null || modelId.isBlank()) {
            throw bad("query parameter model is required for a binary body, e.g. ?model=mnist-cnn");
        }
        ModelManifest manifest = manifest(models, modelId);
        String name = query.get("input");
        if (name == null) {
            if (manifest.getInputs().size() != 1) {
                throw bad("query parameter input is required: model " + modelId + " takes inputs " + TensorJson.inputNames(manifest));
            }
            name = manifest.getInputs().get(0).getName();
        }
        String input = name;
        TensorSpec spec = manifest.getInputs().stream().filter(s -> s.getName().equals(input)).findFirst().orElse(null);
        if (spec == null && (query.get("dtype") == null || query.get("shape") == null)) {
            throw new RejectedInputException(422, "model " + modelId + " has no input '" + name + "'; its inputs are "
                    + TensorJson.inputNames(manifest));
        }
        TensorDataType dtype = query.get("dtype") != null ? TensorJson.dtype(query.get("dtype"), "query parameter dtype")
                : spec.getDtype();
        long[] shape = query.get("shape") != null ? TensorJson.shape(query.get("shape"), "query parameter shape")
                : TensorJson.concrete(spec.getShape());
        long elements = TensorJson.elements(shape, "query parameter shape");
        TensorJson.checkLength(body.length, dtype, shape, elements, "the body");
        Double slo = null;
        if (query.get("latencySloMillis") != null) {
            try {
                slo = slo(Double.parseDouble(query.get("latencySloMillis")));
            } catch (NumberFormatException e) {
                throw bad("query parameter latencySloMillis must be a number of milliseconds");
            }
        }
        String deferrable = query.get("deferrable");
        if (deferrable != null && !deferrable.equals("true") && !deferrable.equals("false")) {
            throw bad("query parameter deferrable must be true or false");
        }
        Double floor = null;
        if (query.get("accuracyFloor") != null) {
            try {
                floor = Double.parseDouble(query.get("accuracyFloor"));
            } catch (NumberFormatException e) {
                throw bad("query parameter accuracyFloor must be a number, a share in [0, 1] (e.g. 0.70)");
            }
        }
        return new InferenceInput(modelId, policy(query.get("policy")), slo, Map.of(),
                List.of(TensorJson.tensor(name, dtype, shape, body)), "true".equals(deferrable),
                instant(query.get("deadlineAt")), duration(query.get("within")), floor);
    }

    /** An ISO-8601 UTC instant ({@code deadlineAt}), null when not given. */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw bad("deadlineAt must be an ISO-8601 UTC instant, e.g. 2026-12-08T06:00:00Z, was '" + clip(text) + "'");
        }
    }

    /** A positive ISO-8601 duration ({@code within}), null when not given. */
    private static Duration duration(String text) {
        if (text == null) {
            return null;
        }
        Duration d;
        try {
            d = Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw bad("within must be an ISO-8601 duration, e.g. PT6H or P1D, was '" + clip(text) + "'");
        }
        if (d.isNegative() || d.isZero()) {
            throw bad("within must be a positive duration, was " + d);
        }
        return d;
    }

    /** A caller's text as quoted back in a message: at most 64 characters. */
    private static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private static ModelManifest manifest(Function<String, ModelManifest> models, String modelId) {
        ModelManifest manifest = models.apply(modelId);
        if (manifest == null) {
            throw new RejectedInputException(404, "unknown model '" + modelId + "'");
        }
        return manifest;
    }

    private static String policy(String policy) {
        if (policy == null) {
            return null;
        }
        PolicySyntax.problem(policy).ifPresent(p -> {
            throw bad(p);
        });
        return policy.strip();
    }

    private static double slo(double millis) {
        if (!(millis > 0) || Double.isInfinite(millis)) {
            throw bad("latencySloMillis must be > 0, was " + millis);
        }
        return millis;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad(field + " must be a string");
        }
        return v.textValue();
    }

    private static RejectedInputException bad(String message) {
        return new RejectedInputException(400, message);
    }
}
