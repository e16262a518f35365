package org.carbonedge.platform.registry.core;

/**
 * One version of a subject: which global schema id it points to, the schema text (Avro's canonical JSON
 * rendering, which is what Confluent stores and returns) and whether it was soft deleted.
 */
public record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) {

    /** The same version marked soft deleted. */
    public SchemaVersion softDeleted() {
        return new SchemaVersion(subject, version, id, schema, true);
    }
}
