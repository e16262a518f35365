package org.carbonedge.platform.registry.http;

import org.carbonedge.platform.registry.api.ModeRequest;
import org.carbonedge.platform.registry.core.RegistryMode;
import org.carbonedge.platform.registry.core.RegistryService;

/**
 * The registry's mode under {@code /mode}: READWRITE or READONLY, globally and per subject. {@code GET /mode/{s}}
 * answers 40409 for a subject without a mode of its own unless {@code defaultToGlobal=true}.
 *
 * <p>{@code PUT ...?force=true} is accepted as Confluent accepts it. Confluent consults it only when the new mode
 * is IMPORT and schemas exist (without it: 42205); this registry has no IMPORT mode (42204 whatever
 * {@code force} says), so for the two modes it has, {@code force} changes nothing, exactly as in Confluent.
 */
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
