package org.carbonedge.platform.registry.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import org.carbonedge.platform.registry.core.SchemaSubmission;

/**
 * Body of register, lookup and compatibility requests: {@code {"schema":"...","schemaType":"AVRO",
 * "references":[...]}}. Other fields Confluent clients send ({@code version}, {@code id}, {@code metadata},
 * {@code ruleSet}, ...) are accepted and ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisterSchemaRequest(String schema, String schemaType, List<JsonNode> references) {

    public SchemaSubmission toSubmission() {
        return new SchemaSubmission(schema, schemaType, references == null ? 0 : references.size());
    }
}
