package org.carbonedge.platform.registry.api;

import java.util.List;
import java.util.Map;

/**
 * Answer to {@code GET /v1/metadata/id}, in the shape of Confluent's
 * {@code {"scope":{"path":[],"clusters":{"schema-registry-cluster":"..."}}}}. Confluent also names its Kafka
 * cluster ({@code kafka-cluster}); this registry does not ask its store's broker for that, so it names only itself.
 * Confluent's top-level {@code id} is always empty and therefore left out of its JSON; so is it here.
 */
public record ServerClusterIdResponse(Map<String, Object> scope) {

    public static ServerClusterIdResponse of(String registryId) {
        return new ServerClusterIdResponse(Map.of("path", List.of(),
                "clusters", Map.of("schema-registry-cluster", registryId)));
    }
}
