package org.carbonedge.platform.registry.http;

import org.carbonedge.platform.registry.api.ModeRequest;
import org.carbonedge.platform.registry.core.RegistryMode;
import org.carbonedge.platform.registry.core.RegistryService;

/** The registry's mode under {@code /mode}: READWRITE or READONLY, globally and per subject. */
final class ModeRoutes {

    private ModeRoutes() {
    }

    static void register(Router router, RegistryService registry) {
        router.add("GET", "/mode", r -> mode(registry.globalMode()));
        router.add("PUT", "/mode", r -> mode(registry.setGlobalMode(r.body(ModeRequest.class).mode())));
        router.add("GET", "/mode/{subject}",
                r -> mode(registry.subjectMode(r.path("subject"), r.flag("defaultToGlobal"))));
        router.add("PUT", "/mode/{subject}",
                r -> mode(registry.setSubjectMode(r.path("subject"), r.body(ModeRequest.class).mode())));
        router.add("DELETE", "/mode/{subject}", r -> mode(registry.deleteSubjectMode(r.path("subject"))));
    }

    private static ApiReply mode(RegistryMode mode) {
        return ApiReply.ok(new ModeRequest(mode.name()));
    }
}
