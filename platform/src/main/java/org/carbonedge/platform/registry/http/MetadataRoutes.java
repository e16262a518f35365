package org.carbonedge.platform.registry.http;

import org.carbonedge.platform.registry.api.ServerClusterIdResponse;
import org.carbonedge.platform.registry.core.RegistryService;

/** {@code GET /v1/metadata/id}: which registry this is, in the shape of Confluent's answer. */
final class MetadataRoutes {

    private MetadataRoutes() {
    }

    static void register(Router router, RegistryService registry) {
        String id = registry.registryId();
        router.add("GET", "/v1/metadata/id", r -> ApiReply.ok(ServerClusterIdResponse.of(id)));
    }
}
