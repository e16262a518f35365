package org.carbonedge.platform.registry.http;

import org.carbonedge.platform.registry.api.RegisterSchemaRequest;
import org.carbonedge.platform.registry.api.RegisterSchemaResponse;
import org.carbonedge.platform.registry.api.SchemaResponse;
import org.carbonedge.platform.registry.core.RegistryService;

/** Endpoints under {@code /subjects}: list, register, look up, read versions, delete. */
final class SubjectRoutes {

    private SubjectRoutes() {
    }

    static void register(Router router, RegistryService registry) {
        router.add("GET", "/subjects",
                r -> ApiReply.ok(registry.subjects(r.query("subjectPrefix"), r.flag("deleted"))));
        router.add("POST", "/subjects/{subject}", r -> ApiReply.ok(SchemaResponse.of(registry.lookup(
                r.path("subject"), r.body(RegisterSchemaRequest.class).toSubmission(), r.flag("deleted")))));
        router.add("DELETE", "/subjects/{subject}",
                r -> ApiReply.ok(registry.deleteSubject(r.path("subject"), r.flag("permanent"))));
        router.add("GET", "/subjects/{subject}/versions",
                r -> ApiReply.ok(registry.versionNumbers(r.path("subject"), r.flag("deleted"))));
        router.add("POST", "/subjects/{subject}/versions", r -> ApiReply.ok(new RegisterSchemaResponse(
                registry.register(r.path("subject"), r.body(RegisterSchemaRequest.class).toSubmission()))));
        router.add("GET", "/subjects/{subject}/versions/{version}", r -> ApiReply.ok(SchemaResponse.of(
                registry.version(r.path("subject"), r.path("version"), r.flag("deleted")))));
        router.add("GET", "/subjects/{subject}/versions/{version}/schema", r -> ApiReply.raw(
                registry.version(r.path("subject"), r.path("version"), r.flag("deleted")).schema()));
        router.add("DELETE", "/subjects/{subject}/versions/{version}", r -> ApiReply.ok(
                registry.deleteVersion(r.path("subject"), r.path("version"), r.flag("permanent"))));
    }
}
