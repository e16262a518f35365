package org.carbonedge.platform.registry.http;

import java.util.List;

import org.carbonedge.platform.registry.api.CompatibilityCheckResponse;
import org.carbonedge.platform.registry.api.RegisterSchemaRequest;
import org.carbonedge.platform.registry.core.RegistryService;

/** {@code POST /compatibility/subjects/{s}/versions[/{v}]}, with {@code ?verbose=true} for the reasons. */
final class CompatibilityRoutes {

    private CompatibilityRoutes() {
    }

    static void register(Router router, RegistryService registry) {
        router.add("POST", "/compatibility/subjects/{subject}/versions/{version}",
                r -> check(registry, r, r.path("version")));
        router.add("POST", "/compatibility/subjects/{subject}/versions", r -> check(registry, r, null));
    }

    private static ApiReply check(RegistryService registry, ApiRequest r, String version) {
        boolean verbose = r.flag("verbose");
        List<String> messages = registry.testCompatibility(r.path("subject"), version,
                r.body(RegisterSchemaRequest.class).toSubmission(), verbose);
        return ApiReply.ok(new CompatibilityCheckResponse(messages.isEmpty(), verbose ? messages : null));
    }
}
