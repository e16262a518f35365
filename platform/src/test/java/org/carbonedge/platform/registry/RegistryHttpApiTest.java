package org.carbonedge.platform.registry;

import static org.carbonedge.platform.registry.RegistryHttp.schemaBody;
import static org.carbonedge.platform.registry.TestSchemas.DEVICE;
import static org.carbonedge.platform.registry.TestSchemas.READING_NO_DEFAULT;
import static org.carbonedge.platform.registry.TestSchemas.READING_V1;
import static org.carbonedge.platform.registry.TestSchemas.READING_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.carbonedge.platform.registry.RegistryHttp.Reply;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint over plain HTTP: statuses, Confluent error codes and JSON shapes. */
class RegistryHttpApiTest {

    private final InMemorySchemaStore store = new InMemorySchemaStore();
    private SchemaRegistryServer server;
    private RegistryHttp http;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start(store, "127.0.0.1", 0);
        http = new RegistryHttp(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String canonical(String schema) {
        return new Schema.Parser().parse(schema).toString();
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private static void assertError(Reply r, int status, int errorCode) {
        assertEquals(status, r.status(), r.raw());
        assertEquals(errorCode, r.errorCode(), r.raw());
        assertEquals(Set.of("error_code", "message"), fields(r.json()));
        assertFalse(r.json().get("message").asText().isBlank());
        assertEquals(RegistryHttp.V1_JSON, r.contentType());
    }

    private int register(String subject, String schema) {
        Reply r = http.post("/subjects/" + RegistryHttp.enc(subject) + "/versions", schemaBody(schema));
        assertEquals(200, r.status(), r.raw());
        assertEquals(Set.of("id"), fields(r.json()));
        return r.json().get("id").asInt();
    }

    @Test
    void registrationIsIdempotentAndSharesIdsAcrossSubjects() {
        int id = register("readings-value", READING_V1);
        assertEquals(1, id);
        assertEquals(id, register("readings-value", READING_V1));
        // the same schema, formatted differently, is the same schema
        assertEquals(id, register("readings-value", READING_V1.replace("\n", " ").replace(",", " , ")));
        assertEquals(id, register("archive-value", READING_V1));
        assertEquals(2, register("devices-value", DEVICE));
        assertEquals(3, register("readings-value", READING_V2));

        assertEquals(List.of(1, 2), ints(http.get("/subjects/readings-value/versions").json()));
        assertEquals(List.of(1), ints(http.get("/subjects/archive-value/versions").json()));
        Reply subjects = http.get("/subjects");
        assertEquals(200, subjects.status());
        assertEquals("[\"archive-value\",\"devices-value\",\"readings-value\"]", subjects.json().toString());
        assertEquals("[\"devices-value\"]", http.get("/subjects?subjectPrefix=dev").json().toString());
        assertEquals(RegistryHttp.V1_JSON, subjects.contentType());
    }

    @Test
    void readsSchemasByIdAndByVersion() {
        register("readings-value", READING_V1);
        register("readings-value", READING_V2);

        Reply byId = http.get("/schemas/ids/1");
        assertEquals(200, byId.status());
        assertEquals(Set.of("schema"), fields(byId.json()));
        assertEquals(canonical(READING_V1), byId.json().get("schema").asText());
        Reply rawById = http.get("/schemas/ids/2/schema");
        assertEquals(canonical(READING_V2), rawById.raw());
        assertEquals("[\"readings-value\"]", http.get("/schemas/ids/2/subjects").json().toString());
        assertEquals("[{\"subject\":\"readings-value\",\"version\":2}]",
                http.get("/schemas/ids/2/versions").json().toString());
        assertError(http.get("/schemas/ids/99"), 404, 40403);
        assertError(http.get("/schemas/ids/abc"), 404, 404);

        Reply v1 = http.get("/subjects/readings-value/versions/1");
        assertEquals(200, v1.status());
        assertEquals(Set.of("subject", "version", "id", "schema"), fields(v1.json()));
        assertEquals("readings-value", v1.json().get("subject").asText());
        assertEquals(1, v1.json().get("version").asInt());
        assertEquals(1, v1.json().get("id").asInt());
        for (String latest : List.of("latest", "LATEST", "-1")) {
            Reply r = http.get("/subjects/readings-value/versions/" + latest);
            assertEquals(2, r.json().get("version").asInt(), latest);
            assertEquals(2, r.json().get("id").asInt(), latest);
        }
        Reply raw = http.get("/subjects/readings-value/versions/latest/schema");
        assertEquals(200, raw.status());
        assertEquals(canonical(READING_V2), raw.raw());
        assertEquals("Reading", new Schema.Parser().parse(raw.raw()).getName());

        assertError(http.get("/subjects/readings-value/versions/3"), 404, 40402);
        assertError(http.get("/subjects/readings-value/versions/0"), 422, 42202);
        assertError(http.get("/subjects/readings-value/versions/two"), 422, 42202);
        assertError(http.get("/subjects/readings-value/versions/99999999999"), 422, 42202);
        assertError(http.get("/subjects/nobody/versions/1"), 404, 40401);
        assertError(http.get("/subjects/nobody/versions/latest/schema"), 404, 40401);
        assertError(http.get("/subjects/nobody/versions"), 404, 40401);
    }

    @Test
    void looksUpASchemaUnderASubject() {
        register("readings-value", READING_V1);
        register("readings-value", READING_V2);
        Reply found = http.post("/subjects/readings-value", schemaBody(READING_V1));
        assertEquals(200, found.status(), found.raw());
        assertEquals(Set.of("subject", "version", "id", "schema"), fields(found.json()));
        assertEquals(1, found.json().get("version").asInt());
        assertEquals(1, found.json().get("id").asInt());
        assertEquals(canonical(READING_V1), found.json().get("schema").asText());

        assertError(http.post("/subjects/readings-value", schemaBody(DEVICE)), 404, 40403);
        assertError(http.post("/subjects/nobody", schemaBody(READING_V1)), 404, 40401);
        assertError(http.post("/subjects/readings-value", schemaBody("{\"type\":\"nope\"}")), 422, 42201);
    }

    @Test
    void refusesInvalidSchemasAndBodies() {
        Reply bad = http.post("/subjects/s/versions", schemaBody("{\"type\":\"record\",\"name\":\"R\"}"));
        assertError(bad, 422, 42201);
        assertError(http.post("/subjects/s/versions", "{\"schema\":\"\"}"), 422, 42201);
        assertError(http.post("/subjects/s/versions", "{}"), 422, 42201);
        Reply proto = http.post("/subjects/s/versions",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
        assertError(proto, 422, 42201);
        assertTrue(proto.json().get("message").asText().contains("only AVRO"), proto.raw());
        Reply explicitAvro = http.post("/subjects/s/versions",
                "{\"schemaType\":\"AVRO\",\"schema\":" + RegistryHttp.MAPPER.valueToTree(DEVICE) + ",\"references\":[]}");
        assertEquals(200, explicitAvro.status(), explicitAvro.raw());
        Reply unresolvedRef = http.post("/subjects/s2/versions", "{\"schema\":\"\\\"org.carbonedge.Other\\\"\","
                + "\"references\":[{\"name\":\"org.carbonedge.Other\",\"subject\":\"other\",\"version\":1}]}");
        assertError(unresolvedRef, 422, 42201);
        assertTrue(unresolvedRef.json().get("message").asText().contains("references are not supported"),
                unresolvedRef.raw());

        assertError(http.post("/subjects/s/versions", "{not json"), 400, 400);
        assertError(http.post("/subjects/s/versions", ""), 422, 422);
        assertError(http.post("/subjects/s/versions", schemaBody(DEVICE), "text/plain"), 415, 415);
        assertEquals(200, http.post("/subjects/s/versions", schemaBody(DEVICE), "application/json").status());
        assertEquals(List.of(1), ints(http.get("/subjects/s/versions").json()));
    }

    @Test
    void enforcesCompatibilityOnRegistration() {
        register("readings-value", READING_V1);
        Reply refused = http.post("/subjects/readings-value/versions", schemaBody(READING_NO_DEFAULT));
        assertError(refused, 409, 409);
        assertTrue(refused.json().get("message").asText().contains("incompatible"), refused.raw());
        assertEquals(List.of(1), ints(http.get("/subjects/readings-value/versions").json()));
        assertEquals(2, register("readings-value", READING_V2));
    }

    @Test
    void testsCompatibilityAgainstVersions() {
        register("readings-value", READING_V1);
        String path = "/compatibility/subjects/readings-value/versions/";

        Reply ok = http.post(path + "latest", schemaBody(READING_V2));
        assertEquals(200, ok.status(), ok.raw());
        assertEquals("{\"is_compatible\":true}", ok.json().toString());
        Reply no = http.post(path + "latest", schemaBody(READING_NO_DEFAULT));
        assertEquals("{\"is_compatible\":false}", no.json().toString());
        Reply verbose = http.post(path + "1?verbose=true", schemaBody(READING_NO_DEFAULT));
        assertEquals(Set.of("is_compatible", "messages"), fields(verbose.json()));
        assertFalse(verbose.json().get("is_compatible").asBoolean());
        assertTrue(verbose.json().get("messages").get(0).asText().contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
        Reply verboseOk = http.post(path + "1?verbose=true", schemaBody(READING_V2));
        assertEquals("{\"is_compatible\":true,\"messages\":[]}", verboseOk.json().toString());
        assertEquals("{\"is_compatible\":false}",
                http.post("/compatibility/subjects/readings-value/versions", schemaBody(READING_NO_DEFAULT))
                        .json().toString());

        assertError(http.post(path + "7", schemaBody(READING_V2)), 404, 40402);
        assertError(http.post(path + "zero", schemaBody(READING_V2)), 422, 42202);
        assertError(http.post(path + "latest", schemaBody("{\"type\":\"bogus\"}")), 422, 42201);
        Reply verboseInvalid = http.post(path + "latest?verbose=true", schemaBody("{\"type\":\"bogus\"}"));
        assertEquals(200, verboseInvalid.status());
        assertFalse(verboseInvalid.json().get("is_compatible").asBoolean());
        assertError(http.post("/compatibility/subjects/nobody/versions/1", schemaBody(READING_V2)), 404, 40401);
        assertEquals("{\"is_compatible\":true}",
                http.post("/compatibility/subjects/nobody/versions/latest", schemaBody(READING_V2)).json().toString());
    }

    @Test
    void configuresCompatibilityGloballyAndPerSubject() {
        assertEquals("{\"compatibilityLevel\":\"BACKWARD\"}", http.get("/config").json().toString());
        Reply put = http.put("/config", "{\"compatibility\":\"full\"}");
        assertEquals(200, put.status(), put.raw());
        assertEquals("{\"compatibility\":\"FULL\"}", put.json().toString());
        assertEquals("{\"compatibilityLevel\":\"FULL\"}", http.get("/config").json().toString());
        assertError(http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
        assertError(http.put("/config", "{}"), 422, 42203);

        assertError(http.get("/config/readings-value"), 404, 40408);
        assertEquals("{\"compatibilityLevel\":\"FULL\"}",
                http.get("/config/readings-value?defaultToGlobal=true").json().toString());
        assertEquals("{\"compatibility\":\"NONE\"}",
                http.put("/config/readings-value", "{\"compatibility\":\"NONE\"}").json().toString());
        assertEquals("{\"compatibilityLevel\":\"NONE\"}", http.get("/config/readings-value").json().toString());
        assertError(http.put("/config/readings-value", "{\"compatibility\":\"x\"}"), 422, 42203);

        // NONE on the subject lets an otherwise incompatible schema in
        register("readings-value", READING_V1);
        assertEquals(2, register("readings-value", READING_NO_DEFAULT));

        assertEquals("{\"compatibilityLevel\":\"NONE\"}", http.delete("/config/readings-value").json().toString());
        assertError(http.delete("/config/readings-value"), 404, 40401);
        assertEquals("{\"compatibilityLevel\":\"FULL\"}", http.delete("/config").json().toString());
        assertEquals("{\"compatibilityLevel\":\"BACKWARD\"}", http.get("/config").json().toString());
    }

    @Test
    void softAndPermanentlyDeletesVersions() {
        register("readings-value", READING_V1);
        register("readings-value", READING_V2);
        String v2 = "/subjects/readings-value/versions/2";

        assertError(http.delete(v2 + "?permanent=true"), 404, 40407);
        Reply soft = http.delete(v2);
        assertEquals(200, soft.status());
        assertEquals("2", soft.raw());
        assertError(http.get(v2), 404, 40402);
        assertEquals(2, http.get(v2 + "?deleted=true").json().get("version").asInt());
        assertEquals(List.of(1), ints(http.get("/subjects/readings-value/versions").json()));
        assertEquals(List.of(1, 2), ints(http.get("/subjects/readings-value/versions?deleted=true").json()));
        assertEquals(1, http.get("/subjects/readings-value/versions/latest").json().get("version").asInt());
        assertEquals(200, http.get("/schemas/ids/2").status(), "a soft-deleted version keeps its id readable");
        assertError(http.delete(v2), 404, 40406);

        assertEquals("2", http.delete(v2 + "?permanent=true").raw());
        assertError(http.get(v2 + "?deleted=true"), 404, 40402);
        assertError(http.get("/schemas/ids/2"), 404, 40403);
        assertError(http.delete("/subjects/readings-value/versions/9"), 404, 40402);
        assertError(http.delete("/subjects/readings-value/versions/nine"), 422, 42202);
        assertError(http.delete("/subjects/nobody/versions/1"), 404, 40401);

        // a permanently deleted version number is free again (as in Confluent), its id never is
        assertEquals(3, register("readings-value", READING_V2.replace("unknown", "elsewhere")));
        assertEquals(List.of(1, 2), ints(http.get("/subjects/readings-value/versions").json()));
        assertEquals(3, http.get(v2).json().get("id").asInt());
    }

    @Test
    void versionNumbersContinueAfterASoftDeleteAndReRegistrationKeepsTheId() {
        register("readings-value", READING_V1);
        register("readings-value", READING_V2);
        http.delete("/subjects/readings-value/versions/2");
        assertEquals(3, register("readings-value", READING_V2.replace("unknown", "elsewhere")));
        assertEquals(3, http.get("/subjects/readings-value/versions/latest").json().get("version").asInt());
        assertEquals(2, register("readings-value", READING_V2), "the soft-deleted schema keeps its id");
        assertEquals(List.of(1, 3, 4), ints(http.get("/subjects/readings-value/versions").json()));
    }

    @Test
    void softAndPermanentlyDeletesSubjects() {
        register("readings-value", READING_V1);
        register("readings-value", READING_V2);
        register("devices-value", DEVICE);
        http.put("/config/readings-value", "{\"compatibility\":\"FULL\"}");

        assertError(http.delete("/subjects/readings-value?permanent=true"), 404, 40405);
        Reply soft = http.delete("/subjects/readings-value");
        assertEquals(200, soft.status());
        assertEquals("[1,2]", soft.json().toString());
        assertError(http.get("/config/readings-value"), 404, 40408);
        assertEquals("[\"devices-value\"]", http.get("/subjects").json().toString());
        assertEquals("[\"devices-value\",\"readings-value\"]", http.get("/subjects?deleted=true").json().toString());
        assertError(http.get("/subjects/readings-value/versions"), 404, 40401);
        assertError(http.post("/subjects/readings-value", schemaBody(READING_V1)), 404, 40401);
        assertEquals(1, http.post("/subjects/readings-value?deleted=true", schemaBody(READING_V1))
                .json().get("version").asInt());
        assertEquals(200, http.get("/schemas/ids/1").status());
        assertError(http.delete("/subjects/readings-value"), 404, 40404);

        assertEquals("[1,2]", http.delete("/subjects/readings-value?permanent=true").json().toString());
        assertEquals("[\"devices-value\"]", http.get("/subjects?deleted=true").json().toString());
        assertError(http.get("/schemas/ids/1"), 404, 40403);
        assertError(http.delete("/subjects/readings-value"), 404, 40401);

        // a subject deleted for good starts again at version 1, with a fresh id
        assertEquals(4, register("readings-value", READING_V1));
        assertEquals(1, http.get("/subjects/readings-value/versions/latest").json().get("version").asInt());
    }

    @Test
    void answersUnknownRoutesAndMethodsLikeConfluent() {
        assertError(http.get("/nothing/here"), 404, 404);
        assertError(http.get("/subjects/a/versions/1/schema/extra"), 404, 404);
        Reply wrongMethod = http.get("/subjects/readings-value");
        assertError(wrongMethod, 405, 405);
        assertEquals("DELETE, POST", wrongMethod.allow());
        assertError(http.put("/subjects", "{}"), 405, 405);
        Reply root = http.get("/");
        assertEquals(200, root.status());
        assertEquals("{}", root.json().toString());
        assertEquals("[\"AVRO\"]", http.get("/schemas/types").json().toString());
        assertEquals(200, http.get("/subjects/").status(), "a trailing slash is tolerated");
    }

    @Test
    void handlesSubjectNamesThatNeedEncoding() {
        String subject = "edge site/42 + ünïcode";
        int id = register(subject, READING_V1);
        assertEquals("[\"" + subject + "\"]", http.get("/subjects").json().toString().replace("\\u00FC", "ü"));
        assertEquals(subject, http.get("/subjects/" + RegistryHttp.enc(subject) + "/versions/1")
                .json().get("subject").asText());
        assertEquals(id, http.get("/subjects/" + RegistryHttp.enc(subject) + "/versions/latest")
                .json().get("id").asInt());
    }

    @Test
    void reportsStoreFailuresAsErrorCode50001AndKeepsStateUnchanged() {
        register("readings-value", READING_V1);
        store.failWrites(true);
        assertError(http.post("/subjects/readings-value/versions", schemaBody(READING_V2)), 500, 50001);
        assertError(http.put("/config", "{\"compatibility\":\"NONE\"}"), 500, 50001);
        store.failWrites(false);
        assertEquals(List.of(1), ints(http.get("/subjects/readings-value/versions").json()));
        assertEquals("{\"compatibilityLevel\":\"BACKWARD\"}", http.get("/config").json().toString());
        assertEquals(2, register("readings-value", READING_V2));
    }

    @Test
    void concurrentRegistrationsAgreeOnIdsAndVersions() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> same = new ArrayList<>();
            List<Future<Integer>> distinct = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String subject = "device-" + i + "-value";
                String schema = DEVICE.replace("Device", "Device" + i);
                same.add(pool.submit(() -> register("shared-value", READING_V1)));
                distinct.add(pool.submit(() -> register(subject, schema)));
            }
            Set<Integer> sharedIds = new TreeSet<>();
            for (Future<Integer> f : same) {
                sharedIds.add(f.get(30, TimeUnit.SECONDS));
            }
            Set<Integer> distinctIds = new TreeSet<>();
            for (Future<Integer> f : distinct) {
                distinctIds.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, sharedIds.size(), "one schema, one id: " + sharedIds);
            assertEquals(threads, distinctIds.size(), "distinct schemas, distinct ids: " + distinctIds);
            assertTrue(java.util.Collections.disjoint(sharedIds, distinctIds));
            assertEquals(List.of(1), ints(http.get("/subjects/shared-value/versions").json()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stateSurvivesARestartOverTheSameStore() {
        register("readings-value", READING_V1);
        register("readings-value", READING_V2);
        register("devices-value", DEVICE);
        http.put("/config/devices-value", "{\"compatibility\":\"FULL_TRANSITIVE\"}");
        http.put("/config", "{\"compatibility\":\"FORWARD\"}");
        http.delete("/subjects/devices-value/versions/1");
        http.delete("/subjects/devices-value/versions/1?permanent=true");

        server.close();
        server = SchemaRegistryServer.start(store, "127.0.0.1", 0);
        http = new RegistryHttp(server.url());

        assertEquals(List.of(1, 2), ints(http.get("/subjects/readings-value/versions").json()));
        assertEquals(2, http.get("/subjects/readings-value/versions/latest").json().get("id").asInt());
        assertEquals(canonical(READING_V1), http.get("/schemas/ids/1").json().get("schema").asText());
        assertEquals("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}", http.get("/config/devices-value").json().toString());
        assertEquals("{\"compatibilityLevel\":\"FORWARD\"}", http.get("/config").json().toString());
        assertError(http.get("/schemas/ids/3"), 404, 40403);
        assertEquals(4, register("other-value", DEVICE), "id 3 was deleted for good and must not come back");
    }

    @Test
    void metadataIdNamesThisRegistryInConfluentsShape() {
        Reply r = http.get("/v1/metadata/id");
        assertEquals(200, r.status(), r.raw());
        assertEquals(Set.of("scope"), fields(r.json()));
        assertEquals(0, r.json().at("/scope/path").size());
        String id = r.json().at("/scope/clusters/schema-registry-cluster").asText();
        assertFalse(id.isBlank(), r.raw());
        assertEquals(id, http.get("/v1/metadata/id").json().at("/scope/clusters/schema-registry-cluster").asText());
        assertError(http.post("/v1/metadata/id", "{}"), 405, 405);
        assertError(http.get("/v1/metadata"), 404, 404);
    }
}
