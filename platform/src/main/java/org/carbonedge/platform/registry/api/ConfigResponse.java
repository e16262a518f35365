package org.carbonedge.platform.registry.api;

/** Answer to {@code GET /config} and {@code GET|DELETE /config/{s}}: {@code {"compatibilityLevel":"BACKWARD"}}. */
public record ConfigResponse(String compatibilityLevel) {
}
