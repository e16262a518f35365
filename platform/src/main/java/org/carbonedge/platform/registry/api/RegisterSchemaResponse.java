package org.carbonedge.platform.registry.api;

/** Answer to a registration: {@code {"id":N}}, the global schema id. */
public record RegisterSchemaResponse(int id) {
}
