package org.carbonedge.platform.registry.core;

/**
 * What a client sends to register, look up or test a schema, independent of the JSON wire shape.
 *
 * @param schema         schema text (JSON for Avro)
 * @param schemaType     declared type; {@code null} means AVRO, as in Confluent
 * @param referenceCount number of schema references sent (any is refused: references are not supported)
 */
public record SchemaSubmission(String schema, String schemaType, int referenceCount) {
}
