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

        /** The text to store and compare: the canonical one, or its normalised form ({@link AvroNormalizer}). */
        public String text(boolean normalize) {
            return normalize ? AvroNormalizer.normalize(canonical) : canonical;
        }
    }

    /**
     * Schema references are refused rather than dropped: a registry that stored the schema without them would
     * hand clients a schema whose named types resolve to nothing (or to whatever the reader has), and Confluent
     * answers an unresolvable reference with 42201 too.
     *
     * @throws RegistryException 422 / 42201 when the type is not Avro, the submission has references or the text
     *                           is not a valid Avro schema
     */
    public static Parsed parse(SchemaSubmission submission) {
        String type = submission.schemaType();
        if (type != null && !type.isBlank() && !type.trim().toUpperCase(Locale.ROOT).equals(AVRO)) {
            throw Errors.invalidSchema("Invalid schema type " + type + ": this registry supports only AVRO schemas");
        }
        String text = submission.schema();
        if (text == null || text.isBlank()) {
            throw Errors.invalidSchema("Empty schema");
        }
        if (submission.referenceCount() > 0) {
            throw Errors.invalidSchema("Invalid schema: schema references are not supported by this registry ("
                    + submission.referenceCount() + " sent); inline the referenced types instead");
        }
        try {
            Schema schema = new Schema.Parser().parse(text);
            return new Parsed(schema, schema.toString());
        } catch (RuntimeException e) { // SchemaParseException, AvroTypeException for bad defaults, ...
            throw Errors.invalidSchema("Invalid schema: " + e.getMessage());
        }
    }

    /** Parses text that was stored by the registry itself and is therefore known to be valid. */
    public static Schema parseStored(String canonical) {
        return new Schema.Parser().parse(canonical);
    }
}
