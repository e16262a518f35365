package org.carbonedge.platform.registry.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Body and answer of {@code /mode} and {@code /mode/{s}}, as Confluent's: {@code {"mode":"READONLY"}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModeRequest(String mode) {
}
