package org.carbonedge.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonedge.ingest.fixtures.IngestFixtures.MODEL;
import static org.carbonedge.ingest.fixtures.IngestFixtures.floats;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.awaitility.Awaitility;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.InferenceStatus;
import org.carbonedge.avro.Tensor;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.validation.RequestValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client on a real broker, with the test playing the router and the emissions job: a future completes with
 * its emission record, fails with the router's dead-letter reason, times out, and bad input fails before Kafka.
 * (The round trip through the real pipeline is in the cli module, which has the embedded pipeline.)
 */
class CarbonEdgeClientTest {

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static ClientSettings settings;

    static final Tensor GOOD = floats("x", new float[]{1, 2, 3, 4}, 1, 4);

    @BeforeAll
    static void startBroker() throws Exception {
        platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0);
        settings = platform.settings();
        IngestFixtures.send(platform, Topics.MODELS, MODEL, IngestFixtures.manifest(MODEL));
    }

    @AfterAll
    static void stopBroker() {
        platform.close();
    }

    @Test
    void aFutureCompletesWithItsEmissionRecordAndFailsWithTheRoutersReason() throws Exception {
        try (CarbonEdgeClient client = CarbonEdgeClient.connect(settings)) {
            assertThat(client.models().ids()).contains(MODEL);
            InferenceRequest ok = client.request(MODEL, List.of(GOOD), "green", 250.0);
            InferenceRequest bad = client.request(MODEL, List.of(GOOD), "green", null);
            CompletableFuture<EmissionRecord> okOutcome = client.submit(ok);
            CompletableFuture<EmissionRecord> badOutcome = client.submit(bad);
            assertThat(client.inFlight()).isEqualTo(2);

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> IngestFixtures.readAll(platform, Topics.REQUESTS)
                    .stream().map(r -> r.key()).toList().containsAll(List.of(ok.getRequestId(), bad.getRequestId())));
            InferenceRequest published = IngestFixtures.readAll(platform, Topics.REQUESTS).stream()
                    .filter(r -> r.key().equals(ok.getRequestId())).findFirst().orElseThrow().value();
            assertThat(published.getPolicy()).isEqualTo("green");
            assertThat(published.getLatencySloMillis()).isEqualTo(250.0);
            assertThat(published.getInputs()).containsExactly(GOOD);

            IngestFixtures.send(platform, Topics.EMISSIONS, "someone-else", IngestFixtures.emission("someone-else", InferenceStatus.OK, null));
            IngestFixtures.send(platform, Topics.EMISSIONS, ok.getRequestId(), IngestFixtures.emission(ok.getRequestId(), InferenceStatus.OK, null));
            IngestFixtures.send(platform, Topics.DEAD_LETTER, bad.getRequestId(),
                    IngestFixtures.deadLetter(bad.getRequestId(), "input 'x' must have shape [-1, 4], was [1, 5]"));

            EmissionRecord record = okOutcome.get(20, TimeUnit.SECONDS);
            assertThat(record.getRequestId()).isEqualTo(ok.getRequestId());
            assertThat(record.getStatus()).isEqualTo(InferenceStatus.OK);
            assertThatThrownBy(() -> badOutcome.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.local()).isFalse();
                        assertThat(e.requestId()).isEqualTo(bad.getRequestId());
                        assertThat(e.reason()).isEqualTo("input 'x' must have shape [-1, 4], was [1, 5]");
                    });
            assertThat(client.inFlight()).isZero();
        }
    }

    @Test
    void badInputFailsAtOnceAndIsNeverPublished() throws Exception {
        try (CarbonEdgeClient client = CarbonEdgeClient.connect(settings)) {
            InferenceRequest wrongShape = client.request(MODEL, List.of(floats("x", new float[5], 1, 5)), "green", null);
            InferenceRequest badPolicy = client.request("not-registered-yet", List.of(GOOD), "greenest", null);
            InferenceRequest zeroSlo = client.request(MODEL, List.of(GOOD), "green", 0.0);
            InferenceRequest hugeWeights = client.request(MODEL, List.of(GOOD), "custom:1e308,1e308,1e308,1e308,1e308", null);
            InferenceRequest tenYearsAhead = client.request(MODEL, List.of(GOOD), "green", null);
            tenYearsAhead.setSubmittedAt(tenYearsAhead.getSubmittedAt().plus(Duration.ofDays(3650)));
            InferenceRequest nan = client.request(MODEL, List.of(floats("x", new float[]{1, Float.NaN, 3, 4}, 1, 4)), "green", null);
            for (InferenceRequest r : List.of(wrongShape, badPolicy, zeroSlo, hugeWeights, tenYearsAhead, nan)) {
                CompletableFuture<EmissionRecord> f = client.submit(r);
                assertThat(f).isCompletedExceptionally();
                assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.local()).isTrue());
            }
            assertThatThrownBy(() -> client.submit(wrongShape).join()).cause()
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RequestValidator.Kind.INPUTS);
                        assertThat(e.reason()).isEqualTo("input 'x' must have shape [-1, 4], was [1, 5]");
                    });
            assertThat(client.check(badPolicy).orElseThrow().kind()).isEqualTo(RequestValidator.Kind.POLICY);
            assertThat(client.check(hugeWeights).orElseThrow().reason()).contains("weights must be at most");
            assertThat(client.check(tenYearsAhead).orElseThrow().kind()).isEqualTo(RequestValidator.Kind.TIME);
            assertThatThrownBy(() -> client.submit(nan).join()).cause()
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RequestValidator.Kind.NON_FINITE_INPUT);
                        assertThat(e.getMessage()).isEqualTo("request " + nan.getRequestId()
                                + " is invalid: input 'x' holds a NaN or infinite FLOAT32 value at element 1");
                    });
            // a model the client does not know yet: the router decides (it waits for the manifest)
            InferenceRequest later = client.request("not-registered-yet", List.of(GOOD), "green", null);
            client.publish(later).get(20, TimeUnit.SECONDS);
            client.flush();
            List<String> keys = IngestFixtures.readAll(platform, Topics.REQUESTS).stream().map(r -> r.key()).toList();
            assertThat(keys).contains(later.getRequestId())
                    .doesNotContain(wrongShape.getRequestId(), badPolicy.getRequestId(), zeroSlo.getRequestId(),
                            hugeWeights.getRequestId(), tenYearsAhead.getRequestId(), nan.getRequestId());
        }
    }

    @Test
    void anUnansweredRequestTimesOutAndModelsArriveWhileConnected() throws Exception {
        CarbonEdgeClient.Options options = CarbonEdgeClient.Options.defaults().withResultTimeout(Duration.ofMillis(800));
        try (CarbonEdgeClient client = CarbonEdgeClient.connect(settings, options)) {
            CompletableFuture<EmissionRecord> f = client.submit(MODEL, List.of(GOOD), "performance");
            assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("no emission record for request");
            assertThat(client.inFlight()).isZero();

            IngestFixtures.send(platform, Topics.MODELS, "arrives-later", IngestFixtures.manifest("arrives-later"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.models().find("arrives-later") != null);
            assertThat(client.check(client.request("arrives-later", List.of(floats("x", new float[3], 1, 3)), "green", null)))
                    .hasValueSatisfying(v -> assertThat(v.kind()).isEqualTo(RequestValidator.Kind.INPUTS));
        }
    }

    @Test
    void withoutLocalValidationTheRouterJudges() throws Exception {
        CarbonEdgeClient.Options options = CarbonEdgeClient.Options.defaults().withLocalValidation(false);
        try (CarbonEdgeClient client = CarbonEdgeClient.connect(settings, options)) {
            InferenceRequest wrongShape = client.request(MODEL, List.of(floats("x", new float[5], 1, 5)), "green", null);
            client.publish(wrongShape).get(20, TimeUnit.SECONDS);
            assertThat(IngestFixtures.readAll(platform, Topics.REQUESTS)).anySatisfy(r ->
                    assertThat(r.key()).isEqualTo(wrongShape.getRequestId()));
        }
    }

    @Test
    void connectingToNothingFailsWithAClearMessage() {
        ClientSettings nowhere = ClientSettings.of("127.0.0.1:1", settings.registryUrl());
        CarbonEdgeClient.Options quick = CarbonEdgeClient.Options.defaults().withConnectTimeout(Duration.ofSeconds(2));
        assertThatThrownBy(() -> CarbonEdgeClient.connect(nowhere, quick)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:1").hasMessageContaining("carbonedge up");
    }
}
