package org.carbonedge.ingest.gateway;

import org.carbonedge.ingest.testing.MutableClock;
import org.carbonedge.common.http.SlowClients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.ingest.fixtures.IngestFixtures.MODEL;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;
import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against hostile clients, on a real broker: bound to loopback by default, a body over the limit
 * refused while the gateway keeps answering, 40 slow-body connections unable to lock a normal client out, and the
 * optional bearer token required on every route, {@code /metrics} included.
 */
class GatewayHardeningTest {

    static final String TOKEN = "gateway-t0ken-Secret";
    static final String FOUR_VALUES = "{\"modelId\":\"tiny\",\"inputs\":[{\"values\":[1,2,3,4]}]}";

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static InferenceGateway open;
    static InferenceGateway guarded;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
        IngestFixtures.send(platform, Topics.MODELS, MODEL, IngestFixtures.manifest(MODEL));
        GatewayOptions options = GatewayOptions.defaults().withPort(0).withLimits(4096, 256);
        open = new InferenceGateway(platform.settings(), platform.catalog(), options, new MutableClock(Instant.now()));
        open.start();
        guarded = new InferenceGateway(platform.settings(), platform.catalog(), options.withBearerToken(TOKEN),
                new MutableClock(Instant.now()));
        guarded.start();
    }

    @AfterAll
    static void stop() {
        guarded.close();
        open.close();
        platform.close();
    }

    @Test
    void bindsToLoopbackByDefault() {
        assertThat(GatewayOptions.defaults().host()).isEqualTo("127.0.0.1");
        assertThat(open.boundAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(open.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndTheGatewayKeepsAnswering() {
        GatewayHttp http = GatewayHttp.of(open.url());
        GatewayHttp.Answer big = http.post("/v1/infer", "application/json", new byte[64 * 1024]);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().get("error").asText()).isEqualTo("request body over the limit of 4096 bytes");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/v1/models").json().get("models")).hasSize(1));
        assertThat(http.postJson("/v1/infer", FOUR_VALUES).status()).isEqualTo(202);
    }

    @Test
    void slowBodiesDoNotLockOthersOut() throws Exception {
        GatewayHttp http = GatewayHttp.of(open.url());
        URI url = URI.create(open.url());
        try (SlowClients slow = SlowClients.open(url.getHost(), url.getPort(), "/v1/infer", 40)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                assertThat(http.get("/v1/requests/unknown").status()).isEqualTo(404);
                assertThat(http.postJson("/v1/infer", FOUR_VALUES).status()).isEqualTo(202);
            });
            assertThat(slow.sockets()).hasSize(40);
        }
    }

    @Test
    void theBearerTokenGuardsEveryRoute() throws Exception {
        GatewayHttp anonymous = GatewayHttp.of(guarded.url());
        GatewayHttp.Answer refused = anonymous.postJson("/v1/infer", FOUR_VALUES);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(refused.json().toString()).doesNotContain(TOKEN);
        assertThat(anonymous.get("/v1/models").status()).isEqualTo(401);
        assertThat(anonymous.withToken(TOKEN.toLowerCase()).get("/v1/models").status()).isEqualTo(401);

        GatewayHttp http = anonymous.withToken(TOKEN);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/v1/models").json().get("models")).hasSize(1));
        GatewayHttp.Answer accepted = http.postJson("/v1/infer", FOUR_VALUES);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(http.get("/v1/requests/" + accepted.json().get("requestId").asText()).status()).isEqualTo(200);

        HttpClient client = HttpClient.newHttpClient();
        HttpRequest.Builder metrics = HttpRequest.newBuilder(URI.create(guarded.url() + "/metrics")).timeout(Duration.ofSeconds(10));
        assertThat(client.send(metrics.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> scraped = client.send(metrics.header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("carbonedge_");
        assertThat(GatewayOptions.defaults().withBearerToken(TOKEN).toString()).doesNotContain(TOKEN);
    }
}
