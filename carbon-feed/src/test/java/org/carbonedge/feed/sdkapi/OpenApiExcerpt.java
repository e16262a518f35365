package org.carbonedge.feed.sdkapi;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small checker of JSON answers against the OpenAPI excerpt in {@code sdkapi/carbon-aware-sdk-openapi-excerpt.json}:
 * the operation must declare the status, and the body must match the declared schema (types, {@code nullable},
 * formats {@code date-time}, {@code date-span}, {@code int32}, {@code required}, no undeclared property where
 * {@code additionalProperties} is false). Stricter than OpenAPI on one point, because CarbonEdge promises it: with
 * {@code allDeclared}, every declared property of a closed object must be present, so a field a generated client
 * reads is never silently missing.
 */
final class OpenApiExcerpt {

    private static final Pattern DATE_SPAN = Pattern.compile("-?(\\d+\\.)?\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?");

    private final JsonNode spec;

    private OpenApiExcerpt(JsonNode spec) {
        this.spec = spec;
    }

    static OpenApiExcerpt load() throws IOException {
        try (InputStream in = OpenApiExcerpt.class.getResourceAsStream("/sdkapi/carbon-aware-sdk-openapi-excerpt.json")) {
            if (in == null) {
                throw new IOException("the OpenAPI excerpt is not on the test class path");
            }
            return new OpenApiExcerpt(new ObjectMapper().readTree(in));
        }
    }

    /** The paths the excerpt describes. */
    List<String> paths() {
        List<String> out = new ArrayList<>();
        spec.path("paths").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Names of the GET operation's query parameters. */
    List<String> parameters(String path) {
        List<String> out = new ArrayList<>();
        spec.path("paths").path(path).path("get").path("parameters").forEach(p -> out.add(p.path("name").asText()));
        return out;
    }

    /**
     * Violations of the excerpt by one answer of {@code GET path} (empty when it conforms).
     *
     * @param body the parsed body, or null for an answer without one
     */
    List<String> check(String path, int status, JsonNode body, boolean allDeclared) {
        List<String> problems = new ArrayList<>();
        JsonNode op = spec.path("paths").path(path).path("get");
        if (op.isMissingNode()) {
            problems.add("GET " + path + " is not in the excerpt");
            return problems;
        }
        JsonNode response = op.path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            problems.add("GET " + path + " does not declare status " + status);
            return problems;
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            if (body != null) {
                problems.add("status " + status + " declares no body, got " + body);
            }
            return problems;
        }
        if (body == null) {
            problems.add("status " + status + " declares a body, got none");
            return problems;
        }
        check(schema, body, "$", allDeclared, problems);
        return problems;
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local references: " + ref);
            }
            s = spec.at(ref.substring(1));
            if (s.isMissingNode()) {
                throw new IllegalArgumentException("dangling reference " + ref);
            }
        }
        return s;
    }

    private void check(JsonNode schemaOrRef, JsonNode value, String where, boolean allDeclared, List<String> problems) {
        JsonNode schema = resolve(schemaOrRef);
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(where + ": null where the schema is not nullable");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> object(schema, value, where, allDeclared, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + ": expected an array, got " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), where + "[" + i + "]", allDeclared, problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + ": expected a string, got " + value.getNodeType());
                    return;
                }
                format(schema.path("format").asText(""), value.asText(), where, problems);
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + ": expected an integer, got " + value);
                } else if ("int32".equals(schema.path("format").asText()) && !value.canConvertToInt()) {
                    problems.add(where + ": " + value + " is not an int32");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + ": expected a number, got " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + ": expected a boolean, got " + value);
                }
            }
            case "" -> {
                // {} accepts anything
            }
            default -> problems.add(where + ": the checker does not know type " + type);
        }
    }

    private void object(JsonNode schema, JsonNode value, String where, boolean allDeclared, List<String> problems) {
        if (!value.isObject()) {
            problems.add(where + ": expected an object, got " + value.getNodeType());
            return;
        }
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(where + ": required property '" + required.asText() + "' is missing");
            }
        }
        JsonNode additional = schema.path("additionalProperties");
        boolean closed = additional.isBoolean() && !additional.asBoolean();
        if (closed && allDeclared) {
            properties.fieldNames().forEachRemaining(name -> {
                if (!value.has(name)) {
                    problems.add(where + ": declared property '" + name + "' is missing");
                }
            });
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode declared = properties.path(field.getKey());
            if (!declared.isMissingNode()) {
                check(declared, field.getValue(), where + "." + field.getKey(), allDeclared, problems);
            } else if (closed) {
                problems.add(where + ": property '" + field.getKey() + "' is not in the schema");
            } else if (additional.isObject() && !additional.isEmpty()) {
                check(additional, field.getValue(), where + "." + field.getKey(), allDeclared, problems);
            }
        }
    }

    private static void format(String format, String text, String where, List<String> problems) {
        switch (format) {
            case "date-time" -> {
                try {
                    OffsetDateTime.parse(text);
                } catch (DateTimeParseException e) {
                    problems.add(where + ": '" + text + "' is not an RFC 3339 date-time");
                }
            }
            case "date-span" -> {
                if (!DATE_SPAN.matcher(text).matches()) {
                    problems.add(where + ": '" + text + "' is not a TimeSpan ([d.]hh:mm:ss[.fffffff])");
                }
            }
            default -> {
                // other formats are not checked
            }
        }
    }
}
