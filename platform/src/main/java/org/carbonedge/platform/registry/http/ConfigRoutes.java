package org.carbonedge.platform.registry.http;

import org.carbonedge.platform.registry.api.ConfigResponse;
import org.carbonedge.platform.registry.api.ConfigUpdateRequest;
import org.carbonedge.platform.registry.compat.CompatibilityLevel;
import org.carbonedge.platform.registry.core.RegistryService;

/** Global and per-subject compatibility configuration under {@code /config}. */
final class ConfigRoutes {

    private ConfigRoutes() {
    }

    static void register(Router router, RegistryService registry) {
        router.add("GET", "/config", r -> level(registry.globalLevel()));
        router.add("PUT", "/config", r -> updated(registry.setGlobalLevel(
                r.body(ConfigUpdateRequest.class).compatibility())));
        router.add("DELETE", "/config", r -> level(registry.deleteGlobalLevel()));
        router.add("GET", "/config/{subject}",
                r -> level(registry.subjectLevel(r.path("subject"), r.flag("defaultToGlobal"))));
        router.add("PUT", "/config/{subject}", r -> updated(registry.setSubjectLevel(r.path("subject"),
                r.body(ConfigUpdateRequest.class).compatibility())));
        router.add("DELETE", "/config/{subject}", r -> level(registry.deleteSubjectLevel(r.path("subject"))));
    }

    private static ApiReply level(CompatibilityLevel level) {
        return ApiReply.ok(new ConfigResponse(level.name()));
    }

    private static ApiReply updated(CompatibilityLevel level) {
        return ApiReply.ok(new ConfigUpdateRequest(level.name()));
    }
}
