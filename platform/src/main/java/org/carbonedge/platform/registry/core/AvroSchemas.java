package org.carbonedge.platform.registry.core;

import java.util.Locale;

import org.apache.avro.Schema;

/**
 * Parses submitted schemas. Only Avro is supported; the canonical text is Avro's own compact JSON rendering
 * ({@link Schema#toString()}), so two submissions that differ only in whitespace or key order map to the same
 * text and therefore the same global id.
 */
public final class AvroSchemas {

    /** The only schema type this registry accepts. */
    public static final String AVRO = "AVRO";

    private AvroSchemas() {
    }

    /** A parsed submission and its canonical text. */
    public record Parsed(Schema schema, String canonical) {
    }

    /** @throws RegistryException 422 / 42201 when the type is not Avro or the text is not a valid Avro schema */
    public static Parsed parse(SchemaSubmission submission) {
        String type = submission.schemaType();
        if (type != null && !type.isBlank() && !type.trim().toUpperCase(Locale.ROOT).equals(AVRO)) {
            throw Errors.invalidSchema("Invalid schema type " + type + ": this registry supports only AVRO schemas");
        }
        String text = submission.schema();
        if (text == null || text.isBlank()) {
            throw Errors.invalidSchema("Empty schema");
        }
        try {
            Schema schema = new Schema.Parser().parse(text);
            return new Parsed(schema, schema.toString());
        } catch (RuntimeException e) { // SchemaParseException, AvroTypeException for bad defaults, ...
            String refs = submission.referenceCount() > 0
                    ? " (schema references are not resolved by this registry: inline referenced types)" : "";
            throw Errors.invalidSchema("Invalid schema: " + e.getMessage() + refs);
        }
    }

    /** Parses text that was stored by the registry itself and is therefore known to be valid. */
    public static Schema parseStored(String canonical) {
        return new Schema.Parser().parse(canonical);
    }
}
