package org.carbonedge.platform.registry.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.carbonedge.platform.registry.core.SchemaVersion;

/**
 * A subject version as Confluent returns it: {@code {"subject","version","id","schema"}}. Confluent omits
 * {@code schemaType} for Avro, and this registry only holds Avro.
 */
@JsonPropertyOrder({"subject", "version", "id", "schema"})
public record SchemaResponse(String subject, int version, int id, String schema) {

    public static SchemaResponse of(SchemaVersion v) {
        return new SchemaResponse(v.subject(), v.version(), v.id(), v.schema());
    }
}
