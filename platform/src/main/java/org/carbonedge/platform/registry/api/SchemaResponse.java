package org.carbonedge.platform.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.carbonedge.platform.registry.core.SchemaVersion;

/**
 * A subject version as Confluent returns it: {@code {"subject","version","id","schema"}}, plus
 * {@code "deleted":true} when it is soft deleted (only answers asked with {@code deleted=true} reach those).
 * Confluent omits {@code schemaType} for Avro, and this registry only holds Avro. Confluent 7.9 and later also
 * send {@code "deleted":false}, {@code guid} and {@code ts} on every version; clients ignore what they do not
 * know, and a live version is told apart by the field's absence.
 */
@JsonPropertyOrder({"subject", "version", "id", "schema", "deleted"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchemaResponse(String subject, int version, int id, String schema, Boolean deleted) {

    public static SchemaResponse of(SchemaVersion v) {
        return new SchemaResponse(v.subject(), v.version(), v.id(), v.schema(), v.deleted() ? Boolean.TRUE : null);
    }
}
