package org.carbonedge.platform.registry.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Confluent's error body: {@code {"error_code":40401,"message":"Subject 'x' not found."}}. */
@JsonPropertyOrder({"error_code", "message"})
public record ErrorMessage(@JsonProperty("error_code") int errorCode, String message) {
}
