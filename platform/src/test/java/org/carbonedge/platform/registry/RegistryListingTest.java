package org.carbonedge.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.platform.registry.RegistryHttp.schemaBody;
import static org.carbonedge.platform.registry.TestSchemas.DEVICE;
import static org.carbonedge.platform.registry.TestSchemas.READING_V1;
import static org.carbonedge.platform.registry.TestSchemas.READING_V2;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonedge.platform.registry.RegistryHttp.Reply;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list answers as Confluent gives them: {@code offset}/{@code limit} paging of subjects, versions and
 * {@code GET /schemas} (with hostile values), {@code deletedOnly}, {@code latestOnly}, and the {@code deleted}
 * field of soft-deleted versions.
 */
class RegistryListingTest {

    private final InMemorySchemaStore store = new InMemorySchemaStore();
    private SchemaRegistryServer server;
    private RegistryHttp http;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start(store, "127.0.0.1", 0);
        http = new RegistryHttp(server.url());
        for (String subject : List.of("a-value", "b-value", "c-value", "d-key")) {
            assertThat(http.post("/subjects/" + subject + "/versions", schemaBody(READING_V1)).status()).isEqualTo(200);
        }
        assertThat(http.post("/subjects/a-value/versions", schemaBody(READING_V2)).status()).isEqualTo(200);
        assertThat(http.post("/subjects/a-value/versions", schemaBody(DEVICE)).status()).isEqualTo(409);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertError(Reply r, int status, int errorCode) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.raw()).isEqualTo(errorCode);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void pagesSubjectsAndVersions() {
        assertThat(http.get("/subjects").raw()).isEqualTo("[\"a-value\",\"b-value\",\"c-value\",\"d-key\"]");
        assertThat(http.get("/subjects?offset=1&limit=2").raw()).isEqualTo("[\"b-value\",\"c-value\"]");
        assertThat(http.get("/subjects?offset=3").raw()).isEqualTo("[\"d-key\"]");
        assertThat(http.get("/subjects?offset=4").raw()).isEqualTo("[]");
        assertThat(http.get("/subjects?offset=2147483647&limit=2147483647").raw()).isEqualTo("[]");
        assertThat(http.get("/subjects?limit=0").json()).as("0: the default, all").hasSize(4);
        assertThat(http.get("/subjects?offset=&limit=%20").json()).as("blank: the defaults, as Jersey").hasSize(4);
        assertThat(http.get("/subjects?limit=-1").json()).hasSize(4);
        assertThat(http.get("/subjects?limit=2147483647").json()).hasSize(4);
        assertThat(http.get("/subjects?subjectPrefix=d&offset=0&limit=1").raw()).isEqualTo("[\"d-key\"]");
        assertThat(http.get("/subjects/a-value/versions?offset=1").raw()).isEqualTo("[2]");
        assertThat(http.get("/subjects/a-value/versions?limit=1").raw()).isEqualTo("[1]");
        assertThat(http.get("/subjects/a-value/versions?offset=%201%20&limit=1").raw()).isEqualTo("[2]");
    }

    @Test
    void refusesBadPagingValuesAsConfluentDoes() {
        for (String query : List.of("offset=x", "limit=ten", "offset=1.5", "limit=99999999999", "offset=0x10",
                "limit=1e3", "offset=%2B%2B1")) {
            assertError(http.get("/subjects?" + query), 404, 404);
            assertError(http.get("/subjects/a-value/versions?" + query), 404, 404);
            assertError(http.get("/schemas?" + query), 404, 404);
        }
        assertError(http.get("/subjects?offset=-1"), 422, 422);
        assertError(http.get("/subjects/a-value/versions?offset=-2147483648"), 422, 422);
        assertError(http.get("/schemas?offset=-5"), 422, 422);
        assertError(http.get("/subjects/none/versions?offset=1"), 404, 40401);
    }

    @Test
    void deletedOnlyListsOnlySoftDeletedSubjectsAndVersions() {
        assertThat(http.delete("/subjects/b-value").status()).isEqualTo(200);
        assertThat(http.delete("/subjects/a-value/versions/1").status()).isEqualTo(200);

        assertThat(texts(http.get("/subjects").json())).containsExactly("a-value", "c-value", "d-key");
        assertThat(http.get("/subjects?deletedOnly=true").raw()).isEqualTo("[\"b-value\"]");
        assertThat(http.get("/subjects?deletedOnly=true&deleted=true").raw()).as("deletedOnly wins")
                .isEqualTo("[\"b-value\"]");
        assertThat(texts(http.get("/subjects?deleted=true").json()))
                .containsExactly("a-value", "b-value", "c-value", "d-key");
        assertThat(http.get("/subjects?deletedOnly=yes").json()).as("anything but true is false").hasSize(3);

        assertThat(http.get("/subjects/a-value/versions?deletedOnly=true").raw()).isEqualTo("[1]");
        assertThat(http.get("/subjects/a-value/versions?deleted=true").raw()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/a-value/versions").raw()).isEqualTo("[2]");
        assertThat(http.get("/subjects/b-value/versions?deletedOnly=true").raw()).isEqualTo("[1]");
        assertError(http.get("/subjects/b-value/versions"), 404, 40401);
        assertThat(http.get("/subjects/c-value/versions?deletedOnly=true").raw()).isEqualTo("[]");
        assertError(http.get("/subjects/none/versions?deletedOnly=true"), 404, 40401);
    }

    @Test
    void softDeletedVersionsCarryTheDeletedField() {
        assertThat(http.delete("/subjects/a-value/versions/1").status()).isEqualTo(200);

        Reply deleted = http.get("/subjects/a-value/versions/1?deleted=true");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").asBoolean()).as(deleted.raw()).isTrue();
        assertThat(http.get("/subjects/a-value/versions/2?deleted=true").json().has("deleted"))
                .as("a live version has no deleted field").isFalse();
        assertThat(http.get("/subjects/a-value/versions/2").json().has("deleted")).isFalse();
        assertError(http.get("/subjects/a-value/versions/1"), 404, 40402);
        Reply lookup = http.post("/subjects/a-value?deleted=true", schemaBody(READING_V1));
        assertThat(lookup.json().get("deleted").asBoolean()).as(lookup.raw()).isTrue();
    }

    @Test
    void listsSchemasWithPrefixLatestOnlyDeletedAndPaging() {
        JsonNode all = http.get("/schemas").json();
        assertThat(all).hasSize(5);
        assertThat(all.get(0).get("subject").asText()).isEqualTo("a-value");
        assertThat(all.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(all.get(1).get("version").asInt()).isEqualTo(2);
        assertThat(all.get(1).has("schema")).isTrue();

        assertThat(http.get("/schemas?subjectPrefix=a-").json()).hasSize(2);
        JsonNode latest = http.get("/schemas?latestOnly=true&subjectPrefix=a-").json();
        assertThat(latest).hasSize(1);
        assertThat(latest.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(http.get("/schemas?latestOnly=true").json()).hasSize(4);
        assertThat(http.get("/schemas?offset=4&limit=10").json()).hasSize(1);
        assertThat(http.get("/schemas?limit=1").json()).hasSize(1);
        assertThat(http.get("/schemas?limit=100000").json()).as("over the maximum: the default page").hasSize(5);
        assertThat(http.get("/schemas?subjectPrefix=zzz").raw()).isEqualTo("[]");

        assertThat(http.delete("/subjects/a-value/versions/2").status()).isEqualTo(200);
        JsonNode live = http.get("/schemas?latestOnly=true&subjectPrefix=a-").json();
        assertThat(live.get(0).get("version").asInt()).isEqualTo(1);
        JsonNode withDeleted = http.get("/schemas?latestOnly=true&subjectPrefix=a-&deleted=true").json();
        assertThat(withDeleted.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(withDeleted.get(0).get("deleted").asBoolean()).isTrue();
    }
}
