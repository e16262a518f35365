package org.carbonedge.platform.registry;

import org.carbonedge.common.http.SlowClients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonedge.platform.registry.RegistryHttp.schemaBody;
import static org.carbonedge.platform.registry.TestSchemas.DEVICE;
import static org.carbonedge.platform.registry.TestSchemas.READING_V1;
import static org.carbonedge.platform.registry.TestSchemas.READING_V2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.apache.avro.Schema;
import org.awaitility.Awaitility;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.http.HttpListenerSettings;
import org.carbonedge.platform.registry.RegistryHttp.Reply;
import org.carbonedge.platform.registry.auth.RegistryUsers;
import org.carbonedge.platform.registry.core.RegistryMode;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry as a hostile client meets it: loopback only by default, bodies over 1 MiB refused, slow clients
 * unable to lock others out, bad subject names refused with 42208, READONLY and protected subjects refusing
 * writes with 42205, and basic authentication for every call, the project's Confluent client included.
 */
class RegistryHardeningTest {

    @TempDir
    Path dir;

    private final InMemorySchemaStore store = new InMemorySchemaStore();
    private SchemaRegistryServer server;
    private RegistryHttp http;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(RegistrySecurity security) {
        server = SchemaRegistryServer.start(store, SchemaRegistryServer.httpSettings(RegistryOptions.DEFAULT_HOST, 0),
                security);
        http = new RegistryHttp(server.url());
    }

    private static void assertError(Reply r, int status, int errorCode) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.raw()).isEqualTo(errorCode);
    }

    @Test
    void bindsToLoopbackByDefault() {
        server = SchemaRegistryServer.start(store, RegistryOptions.DEFAULT_HOST, 0);
        assertThat(server.boundAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(RegistryOptions.of("127.0.0.1:9092", "t").host()).isEqualTo("127.0.0.1");
    }

    @Test
    void aBindAddressIsTakenFromTheCaller() {
        server = SchemaRegistryServer.start(store, SchemaRegistryServer.httpSettings("0.0.0.0", 0),
                RegistrySecurity.open());
        assertThat(server.boundAddress().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(server.url()).as("reached on loopback from this machine").startsWith("http://127.0.0.1:");
        assertThat(new RegistryHttp(server.url()).get("/subjects").status()).isEqualTo(200);
    }

    @Test
    void refusesBodiesOverOneMebibyteAndKeepsAnswering() {
        start(RegistrySecurity.open());
        String padding = " ".repeat((int) SchemaRegistryServer.MAX_BODY_BYTES);
        Reply big = http.post("/subjects/big-value/versions", "{\"schema\":\"\\\"string\\\"\"" + padding + "}");
        assertError(big, 413, 413);
        assertThat(big.json().get("message").asText()).contains("1048576");
        assertThat(big.contentType()).startsWith(RegistryHttp.V1_JSON);
        assertThat(http.get("/subjects").status()).isEqualTo(200);
        assertThat(http.post("/subjects/small-value/versions", schemaBody(READING_V1)).status()).isEqualTo(200);
    }

    @Test
    void slowClientsDoNotLockOthersOut() throws Exception {
        start(RegistrySecurity.open());
        http.post("/subjects/readings-value/versions", schemaBody(READING_V1));
        try (SlowClients slow = SlowClients.open("127.0.0.1", server.port(), "/subjects/x/versions", 40)) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                assertThat(http.get("/subjects").raw()).isEqualTo("[\"readings-value\"]");
                assertThat(http.post("/subjects/other-value/versions", schemaBody(DEVICE)).status()).isEqualTo(200);
            });
            assertThat(slow.sockets()).hasSize(40);
        }
    }

    @Test
    void refusesSubjectsWithControlCharactersOrDotSegments() {
        start(RegistrySecurity.open());
        assertError(http.post("/subjects/evil%0D%0Asubject/versions", schemaBody(READING_V1)), 422, 42208);
        assertError(http.post("/subjects/tab%09here", schemaBody(READING_V1)), 422, 42208);
        assertError(http.delete("/subjects/a%0Ab"), 422, 42208);
        assertError(http.post("/subjects/..%2Fcarbonedge.requests-value/versions", schemaBody(READING_V1)), 422, 42208);
        assertError(http.post("/subjects/a%2F..%2Fb/versions", schemaBody(READING_V1)), 422, 42208);
        assertError(http.put("/config/..", "{\"compatibility\":\"NONE\"}"), 422, 42208);
        assertError(http.put("/mode/a%0Db", "{\"mode\":\"READONLY\"}"), 422, 42208);
        assertError(http.post("/subjects/del%7Fhere/versions", schemaBody(READING_V1)), 422, 42208);
        assertError(http.post("/subjects/nel%C2%85here/versions", schemaBody(READING_V1)), 422, 42208);
        assertError(http.post("/subjects/__GLOBAL/versions", schemaBody(READING_V1)), 422, 42208);
        assertError(http.put("/config/__EMPTY", "{\"compatibility\":\"NONE\"}"), 422, 42208);
        assertError(http.post("/compatibility/subjects/a%0Ab/versions", schemaBody(READING_V1)), 422, 42208);
        assertThat(http.get("/subjects?deleted=true").raw()).isEqualTo("[]");
        assertThat(http.post("/subjects/a%2Fb..c/versions", schemaBody(READING_V1)).status())
                .as("dots inside a segment are a plain name").isEqualTo(200);
        // last: Jetty refuses a NUL in the path itself and drops the connection, which Java's client may already
        // have taken for its next request (that request then fails with "header parser received no bytes")
        assertError(http.post("/subjects/nul%00/versions", schemaBody(READING_V1)), 400, 400);
    }

    @Test
    void readOnlyModeRefusesWritesAndDeletesWith42205() {
        start(RegistrySecurity.open());
        assertThat(http.get("/mode").raw()).isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(http.post("/subjects/readings-value/versions", schemaBody(READING_V1)).status()).isEqualTo(200);

        assertThat(http.put("/mode", "{\"mode\":\"READONLY\"}").raw()).isEqualTo("{\"mode\":\"READONLY\"}");
        Reply register = http.post("/subjects/readings-value/versions", schemaBody(READING_V2));
        assertError(register, 422, 42205);
        assertThat(register.json().get("message").asText()).isEqualTo("Subject readings-value is in read-only mode");
        assertError(http.delete("/subjects/readings-value"), 422, 42205);
        assertError(http.delete("/subjects/readings-value/versions/1"), 422, 42205);
        assertError(http.put("/config/readings-value", "{\"compatibility\":\"NONE\"}"), 422, 42205);
        assertError(http.put("/config", "{\"compatibility\":\"NONE\"}"), 422, 42205);
        assertThat(http.get("/subjects/readings-value/versions/1").status()).as("reads go on").isEqualTo(200);
        assertThat(http.post("/subjects/readings-value", schemaBody(READING_V1)).status()).as("look-ups too").isEqualTo(200);
        assertError(http.put("/mode", "{\"mode\":\"IMPORT\"}"), 422, 42204);
        assertError(http.put("/mode?force=true", "{\"mode\":\"IMPORT\"}"), 422, 42204);

        assertThat(http.put("/mode", "{\"mode\":\"READWRITE\"}").status()).isEqualTo(200);
        assertThat(http.put("/mode/readings-value", "{\"mode\":\"READONLY\"}").status()).isEqualTo(200);
        assertError(http.delete("/subjects/readings-value"), 422, 42205);
        assertThat(http.post("/subjects/other-value/versions", schemaBody(DEVICE)).status())
                .as("other subjects stay writable").isEqualTo(200);
        assertThat(http.get("/mode/readings-value").raw()).isEqualTo("{\"mode\":\"READONLY\"}");
        assertError(http.get("/mode/other-value"), 404, 40409);
        assertThat(http.get("/mode/other-value?defaultToGlobal=true").raw()).isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(http.delete("/mode/readings-value").raw()).isEqualTo("{\"mode\":\"READONLY\"}");
        assertThat(http.delete("/subjects/readings-value").status()).isEqualTo(200);
    }

    @Test
    void forceIsAcceptedOnModeChangesAsConfluentAcceptsIt() {
        start(RegistrySecurity.open());
        assertThat(http.post("/subjects/readings-value/versions", schemaBody(READING_V1)).status()).isEqualTo(200);
        assertThat(http.put("/mode?force=true", "{\"mode\":\"READONLY\"}").raw()).isEqualTo("{\"mode\":\"READONLY\"}");
        assertThat(http.put("/mode/readings-value?force=true", "{\"mode\":\"READWRITE\"}").raw())
                .isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(http.put("/mode?force=banana", "{\"mode\":\"READWRITE\"}").status())
                .as("a boolean query flag: anything but true is false, as in Jersey").isEqualTo(200);
        assertError(http.put("/mode/readings-value?force=true", "{\"mode\":\"IMPORT\"}"), 422, 42204);
        assertError(http.put("/mode/a%0Ab?force=true", "{\"mode\":\"READONLY\"}"), 422, 42208);
        assertThat(http.get("/mode").raw()).isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(http.get("/mode/readings-value").raw()).isEqualTo("{\"mode\":\"READWRITE\"}");
    }

    @Test
    void modesSurviveARestartAndTheDefaultModeComesFromTheEmbeddingCode() {
        start(RegistrySecurity.open().withDefaultMode(RegistryMode.READONLY));
        assertThat(http.get("/mode").raw()).isEqualTo("{\"mode\":\"READONLY\"}");
        assertError(http.post("/subjects/readings-value/versions", schemaBody(READING_V1)), 422, 42205);
        http.put("/mode/readings-value", "{\"mode\":\"READWRITE\"}");
        assertThat(http.post("/subjects/readings-value/versions", schemaBody(READING_V1)).status()).isEqualTo(200);

        server.close();
        start(RegistrySecurity.open());
        assertThat(http.get("/mode/readings-value").raw()).isEqualTo("{\"mode\":\"READWRITE\"}");
        http.put("/mode", "{\"mode\":\"READONLY\"}");
        server.close();
        start(RegistrySecurity.open());
        assertThat(http.get("/mode").raw()).as("a stored mode beats the default").isEqualTo("{\"mode\":\"READONLY\"}");
    }

    @Test
    void protectedSubjectsCannotBeDeletedButStillEvolve() {
        start(RegistrySecurity.open().withProtectedSubjects(Set.of("carbonedge.requests-value")));
        assertThat(http.post("/subjects/carbonedge.requests-value/versions", schemaBody(READING_V1)).status()).isEqualTo(200);
        assertThat(http.post("/subjects/carbonedge.requests-value/versions", schemaBody(READING_V2)).status()).isEqualTo(200);
        Reply soft = http.delete("/subjects/carbonedge.requests-value");
        assertError(soft, 422, 42205);
        assertThat(soft.json().get("message").asText()).contains("protected");
        assertError(http.delete("/subjects/carbonedge.requests-value/versions/1"), 422, 42205);
        assertError(http.delete("/subjects/carbonedge.requests-value/versions/1?permanent=true"), 422, 42205);
        assertThat(http.get("/subjects/carbonedge.requests-value/versions").raw()).isEqualTo("[1,2]");
        http.post("/subjects/scratch-value/versions", schemaBody(DEVICE));
        assertThat(http.delete("/subjects/scratch-value").status()).as("others can be deleted").isEqualTo(200);
    }

    @Test
    void basicAuthenticationGuardsEveryCall() throws Exception {
        Path users = dir.resolve("registry-users.properties");
        Files.writeString(users, "# user: password[,roles]\nadmin: s3cret,admin\nreader: r34d\n");
        start(RegistrySecurity.open().withUsers(RegistryUsers.load(users)));

        Reply anonymous = http.get("/subjects");
        assertError(anonymous, 401, 401);
        assertThat(anonymous.challenge()).isEqualTo("Basic realm=\"SchemaRegistry\"");
        assertError(new RegistryHttp(server.url(), RegistryHttp.basic("admin", "wrong")).get("/subjects"), 401, 401);
        assertError(new RegistryHttp(server.url(), RegistryHttp.basic("nobody", "s3cret")).get("/subjects"), 401, 401);
        assertError(new RegistryHttp(server.url(), "Basic !!!").get("/subjects"), 401, 401);
        RegistryHttp admin = new RegistryHttp(server.url(), RegistryHttp.basic("admin", "s3cret"));
        assertThat(admin.get("/subjects").status()).isEqualTo(200);
        assertThat(admin.post("/subjects/readings-value/versions", schemaBody(READING_V1)).status()).isEqualTo(200);
        assertThat(new RegistryHttp(server.url(), RegistryHttp.basic("reader", "r34d")).get("/schemas/ids/1").status())
                .isEqualTo(200);
        assertThat(RegistryUsers.load(users).toString()).doesNotContain("s3cret").doesNotContain("admin");
    }

    @Test
    void theProjectsRegistryClientAuthenticatesThroughItsClientProperties() {
        start(RegistrySecurity.open().withUsers(RegistryUsers.of(Map.of("pipeline", "p4ss"))));
        Schema schema = new Schema.Parser().parse(READING_V1);
        ClientSettings withCredentials = ClientSettings.fromEnv(Map.of(
                "CARBONEDGE_REGISTRY_CLIENT_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO",
                "CARBONEDGE_REGISTRY_CLIENT_BASIC_AUTH_USER_INFO", "pipeline:p4ss"), "127.0.0.1:9092", server.url());
        assertThat(withCredentials.registryClient().register("readings-value", schema)).isEqualTo(1);

        ClientSettings without = ClientSettings.of("127.0.0.1:9092", server.url());
        assertThatThrownBy(() -> without.registryClient().register("readings-value", schema))
                .hasMessageContaining("401");
    }

    @Test
    void listenerSettingsRefuseABlankBindAddress() {
        assertThatThrownBy(() -> HttpListenerSettings.loopback(0).withHost(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
