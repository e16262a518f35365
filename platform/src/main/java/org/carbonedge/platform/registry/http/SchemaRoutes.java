package org.carbonedge.platform.registry.http;

import java.util.List;
import java.util.Map;

import org.carbonedge.platform.registry.api.SchemaResponse;
import org.carbonedge.platform.registry.api.SchemaStringResponse;
import org.carbonedge.platform.registry.api.SubjectVersionResponse;
import org.carbonedge.platform.registry.core.AvroSchemas;
import org.carbonedge.platform.registry.core.RegistryService;
import org.carbonedge.platform.registry.core.SchemaVersion;

/**
 * Endpoints addressed by global schema id ({@code /schemas/...}), the listing of every version
 * ({@code GET /schemas}) and the root.
 */
final class SchemaRoutes {

    /**
     * Default and largest page of {@code GET /schemas}: Confluent's {@code schema.search.default.limit} and
     * {@code schema.search.max.limit} defaults, so a client sees the same page sizes against either registry.
     */
    static final int SCHEMAS_PAGE = 1000;

    private SchemaRoutes() {
    }

    static void register(Router router, RegistryService registry) {
        router.add("GET", "/", r -> ApiReply.ok(Map.of()));
        router.add("GET", "/schemas/types", r -> ApiReply.ok(List.of(AvroSchemas.AVRO)));
        router.add("GET", "/schemas", r -> {
            Paging page = Paging.of(r, SCHEMAS_PAGE, SCHEMAS_PAGE);
            return ApiReply.ok(page.apply(registry.schemas(r.query("subjectPrefix"), r.flag("deleted"),
                    r.flag("latestOnly"))).stream().map(SchemaResponse::of).toList());
        });
        router.add("GET", "/schemas/ids/{id}",
                r -> ApiReply.ok(new SchemaStringResponse(registry.schemaById(r.intPath("id")))));
        router.add("GET", "/schemas/ids/{id}/schema", r -> ApiReply.raw(registry.schemaById(r.intPath("id"))));
        router.add("GET", "/schemas/ids/{id}/subjects", r -> ApiReply.ok(
                registry.versionsUsingId(r.intPath("id"), r.flag("deleted")).stream()
                        .map(SchemaVersion::subject).distinct().toList()));
        router.add("GET", "/schemas/ids/{id}/versions", r -> ApiReply.ok(
                registry.versionsUsingId(r.intPath("id"), r.flag("deleted")).stream()
                        .map(v -> new SubjectVersionResponse(v.subject(), v.version())).toList()));
    }
}
