package org.carbonedge.ingest.gateway;

import org.carbonedge.ingest.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonedge.ingest.fixtures.IngestFixtures.MODEL;
import static org.carbonedge.ingest.fixtures.IngestFixtures.floats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on a real broker, with the test playing router, executors and the emissions job: accepted requests
 * are on Kafka when 202 comes back and their status follows results, emissions and dead letters; every kind of bad
 * input gets its own 4xx with a clear message and publishes nothing.
 */
class InferenceGatewayTest {

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static MutableClock clock = new MutableClock(Instant.now());
    static InferenceGateway gateway;
    static GatewayHttp http;

    static final String FOUR_VALUES = "{\"modelId\":\"tiny\",\"policy\":\"green\",\"inputs\":[{\"values\":[1,2,3,4]}]}";

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
        IngestFixtures.send(platform, Topics.MODELS, MODEL, IngestFixtures.manifest(MODEL));
        ModelManifest two = IngestFixtures.manifest("two");
        two.setInputs(List.of(new TensorSpec("a", TensorDataType.FLOAT32, List.of(1L, 2L)),
                new TensorSpec("b", TensorDataType.INT64, List.of(1L))));
        IngestFixtures.send(platform, Topics.MODELS, "two", two);
        GatewayOptions options = GatewayOptions.defaults().withPort(0).withLimits(4096, 256)
                .withTracking(Duration.ofMinutes(10), 1000);
        gateway = new InferenceGateway(platform.settings(), platform.catalog(), options, clock);
        gateway.start();
        http = GatewayHttp.of(gateway.url());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        platform.close();
    }

    @Test
    void acceptedRequestsAreOnKafkaAndTheirStatusFollowsTheirOutcome() throws Exception {
        GatewayHttp.Answer values = http.postJson("/v1/infer", FOUR_VALUES);
        assertThat(values.status()).as(values.json().toString()).isEqualTo(202);
        String valuesId = values.json().get("requestId").asText();
        assertThat(values.headers().firstValue("Location")).contains("/v1/requests/" + valuesId);

        String base64 = Base64.getEncoder().encodeToString(le(5, 6, 7, 8));
        GatewayHttp.Answer data = http.postJson("/v1/infer", "{\"modelId\":\"tiny\",\"latencySloMillis\":120,"
                + "\"attributes\":{\"tenant\":\"lab\"},\"inputs\":[{\"name\":\"x\",\"dtype\":\"float32\",\"shape\":[1,4],\"data\":\"" + base64 + "\"}]}");
        assertThat(data.status()).as(data.json().toString()).isEqualTo(202);
        String dataId = data.json().get("requestId").asText();

        GatewayHttp.Answer binary = http.post("/v1/infer?model=tiny&input=x&dtype=FLOAT32&shape=1,4&policy=performance",
                "application/octet-stream", le(9, 10, 11, 12));
        assertThat(binary.status()).as(binary.json().toString()).isEqualTo(202);
        String binaryId = binary.json().get("requestId").asText();

        GatewayHttp.Answer failing = http.postJson("/v1/infer", FOUR_VALUES);
        String failingId = failing.json().get("requestId").asText();

        // on Kafka before the 202: readable right away
        Map<String, InferenceRequest> published = new java.util.HashMap<>();
        IngestFixtures.readAll(platform, Topics.REQUESTS).forEach(r -> published.put(r.key(), r.value()));
        assertThat(published.get(valuesId).getInputs()).containsExactly(floats("x", new float[]{1, 2, 3, 4}, 1, 4));
        assertThat(published.get(valuesId).getPolicy()).isEqualTo("green");
        assertThat(published.get(dataId).getInputs()).containsExactly(floats("x", new float[]{5, 6, 7, 8}, 1, 4));
        assertThat(published.get(dataId).getPolicy()).isEqualTo("balanced");
        assertThat(published.get(dataId).getLatencySloMillis()).isEqualTo(120.0);
        assertThat(published.get(dataId).getAttributes()).containsEntry("tenant", "lab");
        assertThat(published.get(binaryId).getInputs()).containsExactly(floats("x", new float[]{9, 10, 11, 12}, 1, 4));
        assertThat(published.get(binaryId).getPolicy()).isEqualTo("performance");

        assertThat(http.get("/v1/requests/" + valuesId).json().get("status").asText()).isEqualTo("PENDING");

        IngestFixtures.send(platform, Topics.PARTITION_RESULTS, valuesId, IngestFixtures.lastStage(valuesId, 2,
                List.of(floats("y", new float[]{0.1f, 0.7f, 0.2f}, 1, 3))));
        IngestFixtures.send(platform, Topics.EMISSIONS, valuesId, IngestFixtures.emission(valuesId, InferenceStatus.OK, null));
        IngestFixtures.send(platform, Topics.EMISSIONS, dataId, IngestFixtures.emission(dataId, InferenceStatus.OK, null));
        IngestFixtures.send(platform, Topics.DEAD_LETTER, binaryId, IngestFixtures.deadLetter(binaryId, "model tiny is on holiday"));
        IngestFixtures.send(platform, Topics.EMISSIONS, failingId,
                IngestFixtures.emission(failingId, InferenceStatus.FAILED, "stage 1 on edge-1 failed: out of memory"));

        GatewayHttp.Answer ok = awaitStatus(valuesId, "OK");
        assertThat(ok.json().at("/prediction/outputs/0/name").asText()).isEqualTo("y");
        assertThat(ok.json().at("/prediction/outputs/0/dtype").asText()).isEqualTo("FLOAT32");
        assertThat(ok.json().at("/prediction/outputs/0/shape").toString()).isEqualTo("[1,3]");
        assertThat(ok.json().at("/prediction/outputs/0/values").toString()).isEqualTo("[0.1,0.7,0.2]");
        assertThat(ok.json().at("/prediction/outputs/0/argmax").asInt()).isEqualTo(1);
        assertThat(ok.json().at("/emissions/totalGco2").asDouble()).isEqualTo(1.2e-7);
        assertThat(ok.json().at("/emissions/energyJoules").asDouble()).isEqualTo(0.0125);
        assertThat(ok.json().at("/emissions/latencyMillis").asDouble()).isEqualTo(20.0);
        assertThat(ok.json().at("/emissions/parts/0/zone").asText()).isEqualTo("FR");
        assertThat(ok.json().get("reason").isNull()).isTrue();

        // an OK record whose prediction never comes: OK without a prediction once the grace period has passed
        GatewayHttp.Answer[] noPrediction = new GatewayHttp.Answer[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            noPrediction[0] = http.get("/v1/requests/" + dataId);
            return "OK".equals(noPrediction[0].json().get("status").asText());
        });
        assertThat(noPrediction[0].json().get("prediction").isNull()).isTrue();
        assertThat(noPrediction[0].json().at("/emissions/requestId").asText()).isEqualTo(dataId);

        assertThat(awaitStatus(binaryId, "INVALID").json().get("reason").asText()).isEqualTo("model tiny is on holiday");
        assertThat(awaitStatus(failingId, "FAILED").json().get("reason").asText()).contains("out of memory");

        // forgotten after the TTL
        clock.advance(Duration.ofMinutes(11));
        GatewayHttp.Answer expired = http.get("/v1/requests/" + valuesId);
        assertThat(expired.status()).isEqualTo(404);
        assertThat(expired.error()).contains("unknown request");
    }

    @Test
    void aDeferrableRequestIsHeldUntilItsEmissionRecordWhichSaysWhatWaitingSaved() throws Exception {
        GatewayHttp.Answer within = http.postJson("/v1/infer", "{\"modelId\":\"tiny\",\"deferrable\":true,"
                + "\"within\":\"PT6H\",\"inputs\":[{\"values\":[1,2,3,4]}]}");
        assertThat(within.status()).as(within.json().toString()).isEqualTo(202);
        String withinId = within.json().get("requestId").asText();
        GatewayHttp.Answer at = http.postJson("/v1/infer", "{\"modelId\":\"tiny\",\"deferrable\":true,"
                + "\"deadlineAt\":\"2099-01-01T00:00:00Z\",\"inputs\":[{\"values\":[1,2,3,4]}]}");
        assertThat(at.status()).as(at.json().toString()).isEqualTo(202);
        String atId = at.json().get("requestId").asText();

        int before = IngestFixtures.readAll(platform, Topics.REQUESTS).size();
        GatewayHttp.Answer noDeadline = http.postJson("/v1/infer", "{\"modelId\":\"tiny\",\"deferrable\":true,"
                + "\"inputs\":[{\"values\":[1,2,3,4]}]}");
        assertThat(noDeadline.status()).isEqualTo(400);
        assertThat(noDeadline.error()).contains("a deferrable request needs", "deadlineAt", "within");
        GatewayHttp.Answer negative = http.postJson("/v1/infer", "{\"modelId\":\"tiny\",\"deferrable\":true,"
                + "\"within\":\"-PT5M\",\"inputs\":[{\"values\":[1,2,3,4]}]}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.error()).contains("within must be a positive duration");
        GatewayHttp.Answer past = http.postJson("/v1/infer", "{\"modelId\":\"tiny\",\"deferrable\":true,"
                + "\"deadlineAt\":\"2020-01-01T00:00:00Z\",\"inputs\":[{\"values\":[1,2,3,4]}]}");
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.error()).contains("deadlineAt 2020-01-01T00:00:00Z is before submittedAt");

        Map<String, InferenceRequest> published = new java.util.HashMap<>();
        IngestFixtures.readAll(platform, Topics.REQUESTS).forEach(r -> published.put(r.key(), r.value()));
        assertThat(published).hasSize(before);
        InferenceRequest sixHours = published.get(withinId);
        assertThat(sixHours.getDeferrable()).isTrue();
        assertThat(sixHours.getDeadlineAt()).isEqualTo(sixHours.getSubmittedAt().plus(Duration.ofHours(6)));
        assertThat(published.get(atId).getDeadlineAt()).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));

        // the router holds it, then re-plans; a notice for a request this gateway never accepted changes nothing
        Instant decided = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // timestamp-millis on the wire
        IngestFixtures.send(platform, Topics.HELD_REQUESTS, withinId,
                IngestFixtures.held(withinId, decided, decided.plus(Duration.ofHours(3)), "solar peak at noon"));
        IngestFixtures.send(platform, Topics.HELD_REQUESTS, "stranger",
                IngestFixtures.held("stranger", decided, decided.plus(Duration.ofHours(1)), "x"));
        IngestFixtures.send(platform, Topics.HELD_REQUESTS, withinId, IngestFixtures.held(withinId,
                decided.plusSeconds(60), decided.plus(Duration.ofHours(2)), "wind picks up sooner"));
        GatewayHttp.Answer held = awaitStatus(withinId, "HELD", "wind picks up sooner");
        assertThat(held.json().at("/held/releaseAt").asText()).isEqualTo(decided.plus(Duration.ofHours(2)).toString());
        assertThat(held.json().at("/held/expectedGco2").asDouble()).isEqualTo(0.4);
        assertThat(held.json().at("/held/runNowGco2").asDouble()).isEqualTo(1.0);
        assertThat(held.json().get("emissions").isNull()).isTrue();
        assertThat(http.get("/v1/requests/stranger").status()).isEqualTo(404);
        assertThat(http.get("/v1/requests/" + atId).json().get("status").asText()).isEqualTo("PENDING");

        // released and run: the emission record wins, even over a notice read after it
        IngestFixtures.send(platform, Topics.PARTITION_RESULTS, withinId, IngestFixtures.lastStage(withinId, 1,
                List.of(floats("y", new float[]{0.1f, 0.7f, 0.2f}, 1, 3))));
        IngestFixtures.send(platform, Topics.EMISSIONS, withinId, IngestFixtures.deferredEmission(withinId, 1.0, 7_200_000));
        GatewayHttp.Answer ok = awaitStatus(withinId, "OK", null);
        IngestFixtures.send(platform, Topics.HELD_REQUESTS, withinId, IngestFixtures.held(withinId,
                decided.plusSeconds(120), decided.plus(Duration.ofHours(4)), "late notice"));
        IngestFixtures.send(platform, Topics.HELD_REQUESTS, atId,
                IngestFixtures.held(atId, decided, decided.plus(Duration.ofHours(1)), "after the late notice"));
        awaitStatus(atId, "HELD", "after the late notice");
        ok = http.get("/v1/requests/" + withinId);
        assertThat(ok.json().get("status").asText()).isEqualTo("OK");
        assertThat(ok.json().get("held").isNull()).isTrue();
        assertThat(ok.json().at("/emissions/heldMillis").asLong()).isEqualTo(7_200_000);
        assertThat(ok.json().at("/emissions/runNowGco2").asDouble()).isEqualTo(1.0);
        assertThat(ok.json().at("/emissions/savedGco2").asDouble()).isEqualTo(1.0 - 1.2e-7);
        assertThat(ok.json().at("/emissions/releasedAt").asText()).endsWith("Z");

        java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("carbonedge_gateway_requests_held_total 2.0");
    }

    @Test
    void everyBadInputIsAClear4xxAndNothingIsPublished() throws Exception {
        int before = IngestFixtures.readAll(platform, Topics.REQUESTS).size();
        List<String> failures = new ArrayList<>();
        check(failures, 400, "body:1:", () -> http.postJson("/v1/infer", "{\"modelId\": \"tiny\","));
        check(failures, 400, "malformed JSON", () -> http.postJson("/v1/infer", "{\"modelId\":\"tiny\",\"modelId\":\"tiny\",\"inputs\":[]}"));
        check(failures, 400, "empty", () -> http.postJson("/v1/infer", ""));
        check(failures, 400, "modelId is required", () -> http.postJson("/v1/infer", "{\"inputs\":[{\"values\":[1,2,3,4]}]}"));
        check(failures, 400, "unknown field 'input'", () -> http.postJson("/v1/infer", "{\"modelId\":\"tiny\",\"input\":[]}"));
        check(failures, 400, "inputs must be a non-empty array", () -> http.postJson("/v1/infer", "{\"modelId\":\"tiny\",\"inputs\":[]}"));
        check(failures, 400, "inputs[0].data is not valid base64", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"data\":\"@@@@\"}]}"));
        check(failures, 400, "inputs[0].data has 3 bytes; shape [1, 4] of FLOAT32 needs 16", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"data\":\"AAAA\"}]}"));
        check(failures, 400, "inputs[0].shape must be an array of non-negative integers", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"shape\":[1,-4],\"values\":[1,2,3,4]}]}"));
        check(failures, 400, "inputs[0].values has 3 numbers; shape [1, 4] needs 4", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"values\":[1,2,3]}]}"));
        check(failures, 400, "inputs[0].values[2] must be a number", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"values\":[1,2,\"three\",4]}]}"));
        check(failures, 400, "needs exactly one of data", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"values\":[1,2,3,4],\"data\":\"AAAA\"}]}"));
        check(failures, 400, "unknown dtype 'float99'", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"dtype\":\"float99\",\"values\":[1,2,3,4]}]}"));
        check(failures, 400, "unknown policy 'greenest'", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"policy\":\"greenest\",\"inputs\":[{\"values\":[1,2,3,4]}]}"));
        check(failures, 400, "latencySloMillis must be > 0", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"latencySloMillis\":-5,\"inputs\":[{\"values\":[1,2,3,4]}]}"));
        check(failures, 400, "inputs[0].name is required: model two takes inputs [a, b]", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"two\",\"inputs\":[{\"values\":[1,2]}]}"));
        check(failures, 400, "query parameter shape must be comma-separated", () -> http.post("/v1/infer?model=tiny&shape=1,x",
                "application/octet-stream", le(1, 2, 3, 4)));
        check(failures, 400, "unknown query parameter 'modle'", () -> http.post("/v1/infer?modle=tiny",
                "application/octet-stream", le(1, 2, 3, 4)));
        check(failures, 400, "the body has 12 bytes; shape [1, 4] of FLOAT32 needs 16", () -> http.post("/v1/infer?model=tiny",
                "application/octet-stream", le(1, 2, 3)));
        check(failures, 400, "query parameter model is required", () -> http.post("/v1/infer", "application/octet-stream", le(1, 2, 3, 4)));
        check(failures, 400, "takes no query parameters", () -> http.postJson("/v1/infer?model=tiny", FOUR_VALUES));
        check(failures, 404, "unknown model 'nope'", () -> http.postJson("/v1/infer", "{\"modelId\":\"nope\",\"inputs\":[{\"values\":[1]}]}"));
        check(failures, 404, "unknown model 'nope'", () -> http.post("/v1/infer?model=nope", "application/octet-stream", le(1)));
        check(failures, 404, "unknown request 'no-such-id'", () -> http.get("/v1/requests/no-such-id"));
        check(failures, 404, "no route /v2/infer", () -> http.postJson("/v2/infer", FOUR_VALUES));
        check(failures, 405, "method GET not allowed on /v1/infer: use POST", () -> http.get("/v1/infer"));
        check(failures, 405, "use GET", () -> http.postJson("/v1/requests/abc", FOUR_VALUES));
        check(failures, 405, "method DELETE not allowed", () -> http.method("DELETE", "/v1/models"));
        check(failures, 413, "request body over the limit of 4096 bytes", () -> http.post("/v1/infer", "application/json",
                ("{\"modelId\":\"tiny\",\"inputs\":[{\"values\":[" + "0,".repeat(2500) + "0]}]}").getBytes(StandardCharsets.UTF_8)));
        check(failures, 413, "inputs are 400 bytes, over the limit of 256", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"shape\":[25,4],\"values\":[" + "0,".repeat(99) + "0]}]}"));
        check(failures, 415, "Content-Type must be application/json or application/octet-stream, was 'text/plain'",
                () -> http.post("/v1/infer", "text/plain", FOUR_VALUES.getBytes(StandardCharsets.UTF_8)));
        check(failures, 415, "was missing", () -> http.post("/v1/infer", null, FOUR_VALUES.getBytes(StandardCharsets.UTF_8)));
        check(failures, 422, "model tiny has no input 'z'; its inputs are [x]", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"name\":\"z\",\"values\":[1,2,3,4]}]}"));
        check(failures, 422, "missing input 'x' of model tiny", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"name\":\"z\",\"dtype\":\"FLOAT32\",\"shape\":[1,4],\"values\":[1,2,3,4]}]}"));
        check(failures, 422, "input 'x' must be FLOAT32, was INT32", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"dtype\":\"int32\",\"values\":[1,2,3,4]}]}"));
        check(failures, 422, "input 'x' must have shape [-1, 4], was [1, 5]", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"shape\":[1,5],\"values\":[1,2,3,4,5]}]}"));
        check(failures, 422, "input 'x' must have shape [-1, 4], was [2, 2]", () -> http.post("/v1/infer?model=tiny&shape=2,2",
                "application/octet-stream", le(1, 2, 3, 4)));
        check(failures, 422, "model tiny takes 1 input(s), request has 2", () -> http.postJson("/v1/infer",
                "{\"modelId\":\"tiny\",\"inputs\":[{\"values\":[1,2,3,4]},{\"values\":[1,2,3,4]}]}"));
        assertThat(failures).isEmpty();
        assertThat(IngestFixtures.readAll(platform, Topics.REQUESTS)).hasSize(before);
    }

    @Test
    void modelsAreListedWithTheirInputs() {
        GatewayHttp.Answer models = http.get("/v1/models");
        assertThat(models.status()).isEqualTo(200);
        assertThat(models.json().at("/models/0/modelId").asText()).isEqualTo("tiny");
        assertThat(models.json().at("/models/0/inputs/0").toString()).isEqualTo("{\"name\":\"x\",\"dtype\":\"FLOAT32\",\"shape\":[-1,4]}");
        assertThat(models.json().at("/models/1/modelId").asText()).isEqualTo("two");
    }

    private static void check(List<String> failures, int status, String message, Supplier<GatewayHttp.Answer> call) {
        GatewayHttp.Answer a = call.get();
        if (a.status() != status || !a.error().contains(message) || a.json().get("status").asInt() != status) {
            failures.add("expected " + status + " '" + message + "', got " + a.status() + " " + a.json());
        }
    }

    private static GatewayHttp.Answer awaitStatus(String id, String status) {
        return awaitStatus(id, status, null);
    }

    /** Polls until the request has {@code status} and, when given, {@code reason}. */
    private static GatewayHttp.Answer awaitStatus(String id, String status, String reason) {
        GatewayHttp.Answer[] last = new GatewayHttp.Answer[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            last[0] = http.get("/v1/requests/" + id);
            return status.equals(last[0].json().get("status").asText())
                    && (reason == null || reason.equals(last[0].json().path("reason").asText()));
        });
        return last[0];
    }

    private static byte[] le(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
