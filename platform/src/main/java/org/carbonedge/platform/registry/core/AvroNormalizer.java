package org.carbonedge.platform.registry.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The schema text {@code normalize=true} registers and looks up.
 *
 * <p>Every schema this registry stores is already Avro's own compact rendering ({@link org.apache.avro.Schema#toString()}
 * after parsing), so whitespace, the key order of Avro's own attributes, namespace inheritance and short versus
 * full names never matter, with or without {@code normalize}. What that rendering keeps is the order in which
 * custom properties (anything that is not an Avro attribute, e.g. {@code "connect.name"}, {@code "logicalType"},
 * {@code "precision"}) were written, so the same schema with its properties in another order would get another id.
 * Normalising sorts those properties by name, on every type and every field, which is what Confluent's Avro
 * normalisation does to properties. It keeps docs, defaults and aliases (Avro's <em>parsing canonical form</em>
 * would drop them, and then two schemas that differ only in a default would share an id, which is not what
 * Confluent does either). Data inside {@code default} values is left untouched.
 */
final class AvroNormalizer {

    private static final Set<String> TYPE_ATTRIBUTES = Set.of("type", "name", "namespace", "doc", "fields", "items",
            "values", "symbols", "size", "aliases", "default");
    private static final Set<String> FIELD_ATTRIBUTES = Set.of("name", "type", "doc", "default", "order", "aliases");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private AvroNormalizer() {
    }

    /** @param canonical Avro's rendering of a parsed, valid schema */
    static String normalize(String canonical) {
        try {
            return MAPPER.writeValueAsString(schema(MAPPER.readTree(canonical)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Avro rendered a schema that is not JSON: " + canonical, e);
        }
    }

    private static JsonNode schema(JsonNode node) {
        if (node instanceof ArrayNode union) {
            ArrayNode out = MAPPER.createArrayNode();
            union.forEach(branch -> out.add(schema(branch)));
            return out;
        }
        if (!(node instanceof ObjectNode type)) {
            return node;
        }
        ObjectNode out = reorder(type, TYPE_ATTRIBUTES);
        for (String nested : List.of("type", "items", "values")) {
            if (out.has(nested)) {
                out.set(nested, schema(out.get(nested)));
            }
        }
        if (out.get("fields") instanceof ArrayNode fields) {
            ArrayNode normalised = MAPPER.createArrayNode();
            for (JsonNode f : fields) {
                ObjectNode field = reorder((ObjectNode) f, FIELD_ATTRIBUTES);
                field.set("type", schema(field.get("type")));
                normalised.add(field);
            }
            out.set("fields", normalised);
        }
        return out;
    }

    /** Avro's attributes in the order Avro wrote them, then every other property sorted by name. */
    private static ObjectNode reorder(ObjectNode node, Set<String> attributes) {
        ObjectNode out = MAPPER.createObjectNode();
        Map<String, JsonNode> properties = new TreeMap<>();
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (attributes.contains(name)) {
                out.set(name, node.get(name));
            } else {
                properties.put(name, node.get(name));
            }
        }
        properties.forEach(out::set);
        return out;
    }
}
