package org.carbonedge.platform.registry.http;

import org.carbonedge.platform.registry.api.RegisterSchemaRequest;
import org.carbonedge.platform.registry.api.RegisterSchemaResponse;
import org.carbonedge.platform.registry.api.SchemaResponse;
import org.carbonedge.platform.registry.core.LookupFilter;
import org.carbonedge.platform.registry.core.RegistryService;

/**
 * Endpoints under {@code /subjects}: list (paged, {@code deleted}/{@code deletedOnly}), register and look up
 * ({@code normalize}), read versions, delete.
 */
final class SubjectRoutes {

    private SubjectRoutes() {
    }

    static void register(Router router, RegistryService registry) {
        router.add("GET", "/subjects", r -> {
            Paging page = Paging.of(r);
            return ApiReply.ok(page.apply(registry.subjects(r.query("subjectPrefix"), filter(r))));
        });
        router.add("POST", "/subjects/{subject}", r -> ApiReply.ok(SchemaResponse.of(registry.lookup(
                r.path("subject"), r.body(RegisterSchemaRequest.class).toSubmission(), r.flag("deleted"),
                r.flag("normalize")))));
        router.add("DELETE", "/subjects/{subject}",
                r -> ApiReply.ok(registry.deleteSubject(r.path("subject"), r.flag("permanent"))));
        router.add("GET", "/subjects/{subject}/versions", r -> {
            Paging page = Paging.of(r);
            return ApiReply.ok(page.apply(registry.versionNumbers(r.path("subject"), filter(r))));
        });
        router.add("POST", "/subjects/{subject}/versions", r -> ApiReply.ok(new RegisterSchemaResponse(
                registry.register(r.path("subject"), r.body(RegisterSchemaRequest.class).toSubmission(),
                        r.flag("normalize")))));
        router.add("GET", "/subjects/{subject}/versions/{version}", r -> ApiReply.ok(SchemaResponse.of(
                registry.version(r.path("subject"), r.path("version"), r.flag("deleted")))));
        router.add("GET", "/subjects/{subject}/versions/{version}/schema", r -> ApiReply.raw(
                registry.version(r.path("subject"), r.path("version"), r.flag("deleted")).schema()));
        router.add("DELETE", "/subjects/{subject}/versions/{version}", r -> ApiReply.ok(
                registry.deleteVersion(r.path("subject"), r.path("version"), r.flag("permanent"))));
    }

    /** {@code deleted} and {@code deletedOnly} (which wins when both are set). */
    private static LookupFilter filter(ApiRequest r) {
        return LookupFilter.of(r.flag("deleted"), r.flag("deletedOnly"));
    }
}
