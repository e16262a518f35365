package org.carbonedge.feed.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.carbonedge.feed.FeedException;

/**
 * A JSON source read with Jackson's streaming parser so that the elements of its data arrays keep their line
 * numbers: rejected data points can then be reported as {@code file:line} like CSV rows. Top-level arrays (root
 * array, or the named array fields of a root object) are kept as located elements; every other top-level field is
 * kept as an ordinary tree.
 */
final class JsonDocument {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** One array element and the line it starts on. */
    record Located(long line, JsonNode node) {
    }

    private final String sourceName;
    private final ObjectNode fields;
    private final Map<String, List<Located>> arrays;
    private final List<Located> rootElements;

    private JsonDocument(String sourceName, ObjectNode fields, Map<String, List<Located>> arrays,
                         List<Located> rootElements) {
        this.sourceName = sourceName;
        this.fields = fields;
        this.arrays = arrays;
        this.rootElements = rootElements;
    }

    /**
     * Parses a whole JSON source.
     *
     * @param locatedArrays lower-case names of top-level array fields whose elements should keep line numbers
     * @throws FeedException {@code source:line: malformed JSON: ...} or when the root is not an object or array
     */
    static JsonDocument parse(Reader reader, String sourceName, Set<String> locatedArrays) {
        try (JsonParser parser = MAPPER.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new FeedException(sourceName + ": empty file (no JSON value)");
            }
            if (first == JsonToken.START_ARRAY) {
                List<Located> elements = readArray(parser);
                requireEnd(parser, sourceName);
                return new JsonDocument(sourceName, MAPPER.createObjectNode(), Map.of(), elements);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new FeedException(sourceName + ":" + parser.currentTokenLocation().getLineNr()
                        + ": expected a JSON object or array");
            }
            ObjectNode fields = MAPPER.createObjectNode();
            Map<String, List<Located>> arrays = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_ARRAY && locatedArrays.contains(name.toLowerCase(Locale.ROOT))) {
                    arrays.put(name, readArray(parser));
                } else {
                    JsonNode node = MAPPER.readTree(parser);
                    fields.set(name, node == null ? NullNode.getInstance() : node);
                }
            }
            requireEnd(parser, sourceName);
            return new JsonDocument(sourceName, fields, arrays, null);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new FeedException(sourceName + (line > 0 ? ":" + line : "") + ": malformed JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FeedException(sourceName + ": read failed (" + e.getMessage() + ")", e);
        }
    }

    private static List<Located> readArray(JsonParser parser) throws IOException {
        List<Located> elements = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected end of input in array");
            }
            long line = parser.currentTokenLocation().getLineNr();
            JsonNode node = MAPPER.readTree(parser);
            elements.add(new Located(line, node == null ? NullNode.getInstance() : node));
        }
        return elements;
    }

    private static void requireEnd(JsonParser parser, String sourceName) throws IOException {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new FeedException(sourceName + ":" + parser.currentTokenLocation().getLineNr()
                    + ": malformed JSON: unexpected content after the top-level value");
        }
    }

    String sourceName() {
        return sourceName;
    }

    boolean rootIsArray() {
        return rootElements != null;
    }

    List<Located> rootElements() {
        return rootElements == null ? List.of() : rootElements;
    }

    /** A non-located top-level field, found case-insensitively, or null. */
    JsonNode field(String name) {
        return JsonFields.get(fields, name);
    }

    /** A located top-level array field, found case-insensitively, or null when absent. */
    List<Located> array(String name) {
        for (Map.Entry<String, List<Located>> e : arrays.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Collections.unmodifiableList(e.getValue());
            }
        }
        return null;
    }
}
