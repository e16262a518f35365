package org.carbonedge.platform.registry.api;

/** Answer to {@code GET /schemas/ids/{id}}: {@code {"schema":"..."}} (no schemaType: Avro). */
public record SchemaStringResponse(String schema) {
}
