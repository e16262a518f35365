package org.carbonedge.platform.registry.api;

/** One entry of {@code GET /schemas/ids/{id}/versions}: {@code {"subject":"s","version":1}}. */
public record SubjectVersionResponse(String subject, int version) {
}
