package org.carbonedge.cli.io;

import org.carbonedge.lab.Csv;
import org.carbonedge.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.pipeline.EmbeddedPipeline;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.ingest.client.CarbonEdgeClient;
import org.carbonedge.ingest.client.InvalidRequestException;
import org.carbonedge.ingest.gateway.GatewayOptions;
import org.carbonedge.ingest.gateway.InferenceGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest paths through the real embedded pipeline (broker, registry, rollup, three executors, demo feed,
 * router and emissions jobs), started once for the class: the client's future completes with an OK emission record
 * or fails with the router's dead-letter reason; the gateway's JSON and binary requests end OK with a prediction;
 * {@code publish --wait} and {@code subscribe} see the same outcomes.
 */
class IngestPipelineTest {

    static final String MODEL = "mnist-cnn";

    @TempDir
    static Path dir;
    static EmbeddedPipeline pipeline;
    static ModelManifest manifest;

    @BeforeAll
    static void start() throws Exception {
        pipeline = EmbeddedPipeline.start(EmbeddedPipeline.Options.defaults(dir).withPorts(0, 0));
        try (CarbonEdgeClient client = CarbonEdgeClient.connect(pipeline.settings())) {
            manifest = client.models().find(MODEL);
        }
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void theClientsFutureCompletesWithTheEmissionRecordOrTheRoutersReason() throws Exception {
        List<Tensor> inputs = RandomInputs.forSpecs(manifest.getInputs(), 7);
        try (CarbonEdgeClient client = CarbonEdgeClient.connect(pipeline.settings())) {
            EmissionRecord ok = client.submit(MODEL, inputs, "green").get(90, TimeUnit.SECONDS);
            assertThat(ok.getStatus()).as(ok.getReason()).isEqualTo(InferenceStatus.OK);
            assertThat(ok.getPolicy()).isEqualTo("green");
            assertThat(ok.getEnergyJoules()).isPositive();
            assertThat(ok.getTotalGco2()).isPositive();
            assertThat(ok.getParts()).isNotEmpty();

            EmissionRecord slo = client.submit(MODEL, inputs, "balanced", 10_000).get(90, TimeUnit.SECONDS);
            assertThat(slo.getStatus()).isEqualTo(InferenceStatus.OK);
        }
        // the router's own verdict: a client that does not check locally publishes a wrong shape anyway
        Tensor wrong = RandomInputs.random(manifest.getInputs().get(0).getName(), manifest.getInputs().get(0).getDtype(),
                new long[]{1, 1, 28, 27}, new java.util.SplittableRandom(1));
        CarbonEdgeClient.Options unchecked = CarbonEdgeClient.Options.defaults().withLocalValidation(false);
        try (CarbonEdgeClient client = CarbonEdgeClient.connect(pipeline.settings(), unchecked)) {
            assertThatThrownBy(() -> client.submit(MODEL, List.of(wrong), "green").get(90, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.local()).isFalse();
                        assertThat(e.reason()).contains("must have shape").contains("[1, 1, 28, 27]");
                    });
        }
    }

    @Test
    void gatewayRequestsInJsonAndBinaryEndOkWithAPrediction() throws Exception {
        try (InferenceGateway gateway = new InferenceGateway(pipeline.settings(), GatewayOptions.defaults().withPort(0))) {
            gateway.start();
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper mapper = new ObjectMapper();
            Tensor input = RandomInputs.forSpecs(manifest.getInputs(), 3).get(0);
            StringBuilder values = new StringBuilder();
            for (Number v : org.carbonedge.ingest.gateway.TensorJson.values(input)) {
                values.append(values.length() == 0 ? "" : ",").append(v);
            }
            String json = "{\"modelId\":\"" + MODEL + "\",\"policy\":\"paper-green\",\"inputs\":[{\"values\":[" + values + "]}]}";
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/infer"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            String jsonId = mapper.readTree(posted.body()).get("requestId").asText();

            ByteBuffer data = input.getData().duplicate();
            byte[] raw = new byte[data.remaining()];
            data.get(raw);
            HttpResponse<String> binary = http.send(HttpRequest.newBuilder(URI.create(gateway.url()
                            + "/v1/infer?model=" + MODEL + "&shape=1,1,28,28&policy=monolithic"))
                    .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(binary.statusCode()).as(binary.body()).isEqualTo(202);
            String binaryId = mapper.readTree(binary.body()).get("requestId").asText();

            List<JsonNode> done = new ArrayList<>();
            for (String id : List.of(jsonId, binaryId)) {
                JsonNode[] last = new JsonNode[1];
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    last[0] = mapper.readTree(http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/requests/" + id))
                            .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
                    return !"PENDING".equals(last[0].get("status").asText());
                });
                done.add(last[0]);
            }
            for (JsonNode status : done) {
                assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("OK");
                JsonNode output = status.at("/prediction/outputs/0");
                assertThat(output.get("shape").toString()).isEqualTo("[1,10]");
                double sum = 0;
                for (JsonNode v : output.get("values")) {
                    sum += v.asDouble();
                }
                assertThat(sum).as("softmax output sums to 1").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
                assertThat(output.get("argmax").asInt()).isBetween(0, 9);
                assertThat(status.at("/emissions/totalGco2").asDouble()).isPositive();
                assertThat(status.at("/emissions/parts").size()).isPositive();
            }
            assertThat(done.get(0).at("/emissions/policy").asText()).isEqualTo("paper-green");
            assertThat(done.get(1).at("/emissions/parts").size()).as("monolithic: one stage").isEqualTo(1);
            // the same input under two policies: the same prediction
            assertThat(done.get(1).at("/prediction/outputs/0/argmax").asInt())
                    .isEqualTo(done.get(0).at("/prediction/outputs/0/argmax").asInt());
        }
    }

    @Test
    void publishWaitsForOutcomesAndSubscribeSeesThem() {
        String[] connect = {"--bootstrap", pipeline.bootstrapServers(), "--registry", pipeline.registryUrl()};
        CliRun published = CliRun.run(concat(new String[]{"publish", "--model", MODEL, "--count", "3", "--rate", "20/s",
                "--policy", "performance", "--wait", "--timeout", "90"}, connect));
        assertThat(published.exitCode()).as(published.toString()).isZero();
        assertThat(published.outLines()).singleElement().asString()
                .startsWith("published requests=3 model=mnist-cnn policy=performance")
                .contains(" ok=3 failed=0 rejected=0 invalid=0 timed_out=0 latency_p50_ms=");

        CliRun csv = CliRun.run(concat(new String[]{"subscribe", "emissions", "--format", "csv"}, connect));
        assertThat(csv.exitCode()).as(csv.toString()).isZero();
        List<List<String>> rows = csv.outLines().stream().map(Csv::split).toList();
        int policy = rows.get(0).indexOf("policy");
        int status = rows.get(0).indexOf("status");
        assertThat(rows.stream().skip(1).filter(r -> r.get(policy).equals("performance") && r.get(status).equals("OK"))).hasSize(3);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
