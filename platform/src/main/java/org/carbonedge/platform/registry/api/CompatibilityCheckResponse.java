package org.carbonedge.platform.registry.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"is_compatible":true}}, plus {@code "messages"} when the request asked for {@code verbose=true}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompatibilityCheckResponse(@JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {
}
