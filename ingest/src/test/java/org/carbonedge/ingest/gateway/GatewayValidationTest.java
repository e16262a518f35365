package org.carbonedge.ingest.gateway;

import org.carbonedge.ingest.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.ingest.fixtures.IngestFixtures.MODEL;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway answers the hostile tester's requests with 400 and the validator's reason, and publishes none of them:
 * weights whose sum overflows, NaN and infinite float inputs (JSON base64 and binary), non-finite objectives.
 */
class GatewayValidationTest {

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static InferenceGateway gateway;
    static GatewayHttp http;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
        IngestFixtures.send(platform, Topics.MODELS, MODEL, IngestFixtures.manifest(MODEL));
        gateway = new InferenceGateway(platform.settings(), platform.catalog(), GatewayOptions.defaults().withPort(0),
                new MutableClock(Instant.now()));
        gateway.start();
        http = GatewayHttp.of(gateway.url());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        platform.close();
    }

    @Test
    void semanticallyBadRequestsGet400WithTheReasonAndPublishNothing() throws Exception {
        int before = IngestFixtures.readAll(platform, Topics.REQUESTS).size();
        GatewayHttp.Answer weights = http.postJson("/v1/infer", "{\"modelId\":\"tiny\","
                + "\"policy\":\"custom:1e308,1e308,1e308,1e308,1e308\",\"inputs\":[{\"values\":[1,2,3,4]}]}");
        assertThat(weights.status()).isEqualTo(400);
        assertThat(weights.error()).contains("weights must be at most 1000000.0");

        String nan = Base64.getEncoder().encodeToString(le(1, Float.NaN, 3, 4));
        GatewayHttp.Answer base64 = http.postJson("/v1/infer", "{\"modelId\":\"tiny\",\"inputs\":[{\"name\":\"x\","
                + "\"dtype\":\"float32\",\"shape\":[1,4],\"data\":\"" + nan + "\"}]}");
        assertThat(base64.status()).isEqualTo(400);
        assertThat(base64.error()).isEqualTo("input 'x' holds a NaN or infinite FLOAT32 value at element 1");

        GatewayHttp.Answer binary = http.post("/v1/infer?model=tiny&input=x&dtype=FLOAT32&shape=1,4",
                "application/octet-stream", le(1, 2, 3, Float.NEGATIVE_INFINITY));
        assertThat(binary.status()).isEqualTo(400);
        assertThat(binary.error()).contains("element 3");

        GatewayHttp.Answer slo = http.post("/v1/infer?model=tiny&latencySloMillis=Infinity", "application/octet-stream",
                le(1, 2, 3, 4));
        assertThat(slo.status()).isEqualTo(400);

        GatewayHttp.Answer fine = http.post("/v1/infer?model=tiny", "application/octet-stream", le(1, 2, 3, 4));
        assertThat(fine.status()).as(fine.json().toString()).isEqualTo(202);
        assertThat(IngestFixtures.readAll(platform, Topics.REQUESTS)).hasSize(before + 1);
    }

    private static byte[] le(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
