package org.carbonedge.platform.registry.http;

import org.carbonedge.platform.registry.core.RegistryService;

/** Assembles the registry's full route table (the Confluent REST subset this registry serves). */
public final class RegistryRoutes {

    private RegistryRoutes() {
    }

    public static Router create(RegistryService registry) {
        Router router = new Router();
        SchemaRoutes.register(router, registry);
        SubjectRoutes.register(router, registry);
        CompatibilityRoutes.register(router, registry);
        ConfigRoutes.register(router, registry);
        ModeRoutes.register(router, registry);
        MetadataRoutes.register(router, registry);
        return router;
    }
}
