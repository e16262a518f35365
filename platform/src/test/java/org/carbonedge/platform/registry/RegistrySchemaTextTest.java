package org.carbonedge.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.platform.registry.RegistryHttp.schemaBody;
import static org.carbonedge.platform.registry.TestSchemas.DEVICE;
import static org.carbonedge.platform.registry.TestSchemas.READING_V1;

import org.apache.avro.Schema;
import org.carbonedge.platform.registry.RegistryHttp.Reply;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What text a submission becomes: schema references refused with 42201 rather than dropped, and
 * {@code normalize=true} on registration and look-up, which makes the order of custom properties irrelevant.
 */
class RegistrySchemaTextTest {

    /** A decimal with its logical-type properties and a custom one, in one order ... */
    private static final String AMOUNT_A = """
            {"type":"record","name":"Amount","namespace":"org.carbonedge.test","connect.name":"amount","fields":[
              {"name":"value","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2},
               "doc":"in EUR","default":"\\u0000"}]}""";

    /** ... and in another, with other whitespace and Avro's own attributes shuffled. */
    private static final String AMOUNT_B = """
            {"connect.name" : "amount", "fields":[{"default":"\\u0000","type":{"scale":2,"precision":9,
              "logicalType":"decimal","type":"bytes"},"name":"value","doc":"in EUR"}],
             "namespace":"org.carbonedge.test","name":"Amount","type":"record"}""";

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

    private static void assertError(Reply r, int status, int errorCode) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.raw()).isEqualTo(errorCode);
    }

    private static String withReference(String schema) {
        return "{\"schema\":" + RegistryHttp.MAPPER.valueToTree(schema)
                + ",\"references\":[{\"name\":\"org.carbonedge.test.Device\",\"subject\":\"device\",\"version\":1}]}";
    }

    @Test
    void refusesSchemasWithReferencesInsteadOfDroppingThem() {
        assertThat(http.post("/subjects/device/versions", schemaBody(DEVICE)).status()).isEqualTo(200);
        for (String path : new String[] {"/subjects/s/versions", "/subjects/device", "/compatibility/subjects/device/versions"}) {
            Reply r = http.post(path, withReference(READING_V1));
            assertError(r, 422, 42201);
            assertThat(r.json().get("message").asText()).contains("references are not supported");
        }
        assertThat(http.post("/compatibility/subjects/device/versions?verbose=true", withReference(DEVICE))
                .json().get("messages").get(0).asText()).contains("references are not supported");
        assertError(http.get("/subjects/s/versions"), 404, 40401);
        assertThat(http.post("/subjects/s/versions",
                "{\"schema\":" + RegistryHttp.MAPPER.valueToTree(READING_V1) + ",\"references\":null}").status())
                .as("no references is fine").isEqualTo(200);
    }

    @Test
    void normalizeMakesPropertyOrderIrrelevantOnRegisterAndLookup() {
        assertThat(new Schema.Parser().parse(AMOUNT_A).toString())
                .as("without normalising, Avro keeps the property order")
                .isNotEqualTo(new Schema.Parser().parse(AMOUNT_B).toString());

        int plainA = http.post("/subjects/plain/versions", schemaBody(AMOUNT_A)).json().get("id").asInt();
        int plainB = http.post("/subjects/plain/versions", schemaBody(AMOUNT_B)).json().get("id").asInt();
        assertThat(plainB).as("property order makes another schema, as in Confluent").isNotEqualTo(plainA);
        assertThat(http.get("/subjects/plain/versions").raw()).isEqualTo("[1,2]");
        assertThat(http.post("/subjects/plain", schemaBody(AMOUNT_A.replace(",", " ,\n "))).json().get("version")
                .asInt()).as("whitespace never matters").isEqualTo(1);

        Reply found = http.post("/subjects/plain?normalize=true", schemaBody(AMOUNT_B));
        assertThat(found.status()).as(found.raw()).isEqualTo(200);
        assertThat(found.json().get("version").asInt()).as("the newest version with that normal form").isEqualTo(2);

        int normB = http.post("/subjects/norm/versions?normalize=true", schemaBody(AMOUNT_B)).json().get("id").asInt();
        assertThat(normB).as("A's properties were already in name order: its text is the normal form")
                .isEqualTo(plainA);
        int normA = http.post("/subjects/norm/versions?normalize=true", schemaBody(AMOUNT_A)).json().get("id").asInt();
        assertThat(normA).isEqualTo(normB);
        assertThat(http.get("/subjects/norm/versions").raw()).as("no new version for the same normal form")
                .isEqualTo("[1]");
        assertThat(http.post("/subjects/norm?normalize=true", schemaBody(AMOUNT_B)).json().get("version").asInt())
                .isEqualTo(1);
        assertError(http.post("/subjects/norm", schemaBody(AMOUNT_B)), 404, 40403);
        assertError(http.post("/subjects/norm/versions?normalize=true", schemaBody("{\"type\":\"nope\"}")),
                422, 42201);

        String stored = http.get("/subjects/norm/versions/1").json().get("schema").asText();
        assertThat(stored).contains("\"doc\":\"in EUR\"").contains("\"default\":\"\\u0000\"")
                .contains("\"connect.name\":\"amount\"");
        assertThat(stored.indexOf("\"logicalType\"")).isLessThan(stored.indexOf("\"precision\""));
        assertThat(stored.indexOf("\"precision\"")).isLessThan(stored.indexOf("\"scale\""));
        assertThat(new Schema.Parser().parse(stored).toString()).isEqualTo(new Schema.Parser().parse(AMOUNT_A).toString());
    }
}
