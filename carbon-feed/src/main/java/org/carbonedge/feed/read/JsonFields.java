package org.carbonedge.feed.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import org.carbonedge.feed.text.FastDecimal;
import org.carbonedge.feed.text.InvalidValueException;
import org.carbonedge.feed.text.UtcTimestamps;

/** Small helpers for reading API JSON leniently where APIs differ in case or number encoding, strictly elsewhere. */
final class JsonFields {
    private JsonFields() {
    }

    /** The field {@code name} of an object, matched exactly first, then case-insensitively; null when absent. */
    static JsonNode get(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equalsIgnoreCase(name)) {
                return object.get(field);
            }
        }
        return null;
    }

    static boolean isMissing(JsonNode node) {
        return node == null || node.isNull() || (node.isTextual() && node.asText().isBlank());
    }

    /** A number given as a JSON number or a numeric string; null when absent or null. */
    static Double number(JsonNode node, String label) {
        if (isMissing(node)) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                return FastDecimal.parse(node.asText());
            } catch (InvalidValueException e) {
                throw new InvalidValueException(label + ": " + e.getMessage());
            }
        }
        throw new InvalidValueException(label + ": " + node + " is not a number");
    }

    /** A string field's text, or null when absent. */
    static String text(JsonNode node) {
        return isMissing(node) ? null : node.asText();
    }

    /** Parses an ISO timestamp field to UTC epoch millis; refuses offset-less values unless {@code assumeUtc}. */
    static long time(JsonNode node, String label, boolean assumeUtc) {
        String text = text(node);
        if (text == null) {
            throw new InvalidValueException("missing " + label);
        }
        try {
            return UtcTimestamps.parseEpochMillis(text, assumeUtc);
        } catch (InvalidValueException e) {
            throw new InvalidValueException(label + ": " + e.getMessage());
        }
    }
}
