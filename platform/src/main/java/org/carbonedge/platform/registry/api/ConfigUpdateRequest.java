package org.carbonedge.platform.registry.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code PUT /config} and {@code PUT /config/{s}}, echoed back on success, as Confluent does:
 * {@code {"compatibility":"FULL"}}. Other config fields (normalize, metadata, ...) are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigUpdateRequest(String compatibility) {
}
