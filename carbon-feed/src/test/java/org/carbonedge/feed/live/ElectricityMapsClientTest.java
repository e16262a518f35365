package org.carbonedge.feed.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.feed.live.FakeApiServer.Answer;
import org.carbonedge.feed.read.EmissionFactor;
import org.carbonedge.feed.read.ReadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ElectricityMapsClientTest {
    private static final String LATEST = "{\"zone\":\"DE\",\"carbonIntensity\":302,\"datetime\":\"2024-05-21T10:00:00.000Z\","
            + "\"updatedAt\":\"2024-05-21T10:32:12.000Z\",\"createdAt\":\"2024-05-18T10:35:20.000Z\","
            + "\"emissionFactorType\":\"direct\",\"isEstimated\":false,\"estimationMethod\":null,"
            + "\"temporalGranularity\":\"hourly\"}";
    private static final String HISTORY = "{\"zone\":\"DE\",\"history\":["
            + "{\"zone\":\"DE\",\"carbonIntensity\":300,\"datetime\":\"2024-05-21T08:00:00.000Z\",\"isEstimated\":false},"
            + "{\"zone\":\"DE\",\"carbonIntensity\":310,\"datetime\":\"2024-05-21T09:00:00.000Z\",\"isEstimated\":true}]}";
    private static final String FORECAST = "{\"zone\":\"DE\",\"forecast\":["
            + "{\"carbonIntensity\":320,\"datetime\":\"2024-05-21T11:00:00.000Z\"},"
            + "{\"carbonIntensity\":330,\"datetime\":\"2024-05-21T12:00:00.000Z\"}],\"updatedAt\":\"2024-05-21T10:05:00.000Z\"}";

    private FakeApiServer server;
    private RecordingSleeper sleeper;

    @BeforeEach
    void start() throws IOException {
        server = new FakeApiServer();
        sleeper = new RecordingSleeper();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ElectricityMapsClient client(String token, RetryPolicy policy) {
        ResilientHttp http = new ResilientHttp(HttpClient.newHttpClient(), policy, sleeper, Duration.ofSeconds(5),
                Clock.fixed(Instant.parse("2024-05-21T10:00:00Z"), ZoneOffset.UTC));
        return new ElectricityMapsClient(server.base("/v3"), token, EmissionFactor.DIRECT, http);
    }

    private void requireToken() {
        server.on("/v3/carbon-intensity/latest", request -> "secret".equals(request.header("auth-token"))
                ? Answer.json(LATEST) : Answer.status(401, "{\"message\":\"Invalid auth-token\"}"));
    }

    @Test
    void latestHistoryAndForecastInTheDocumentedShapes() {
        requireToken();
        server.on("/v3/carbon-intensity/history", Answer.json(HISTORY));
        server.on("/v3/carbon-intensity/forecast", Answer.json(FORECAST));
        ElectricityMapsClient client = client("secret", RetryPolicy.defaults());
        GridIntensity latest = client.latest("DE").records().get(0);
        assertEquals(302.0, latest.getGco2PerKwh(), 0);
        assertEquals(Instant.parse("2024-05-21T10:00:00Z"), latest.getValidFrom());
        assertEquals("electricitymaps-api", latest.getSource());
        FakeApiServer.Request request = server.requests().get(0);
        assertEquals("zone=DE&emissionFactorType=direct", request.query());

        ReadResult history = client.history("DE");
        assertEquals(2, history.records().size());
        assertEquals(IntensityKind.ESTIMATED, history.records().get(1).getKind());
        ReadResult forecast = client.forecast("DE");
        assertEquals(IntensityKind.FORECAST, forecast.records().get(0).getKind());
        assertEquals(Instant.parse("2024-05-21T10:05:00Z"), forecast.records().get(0).getPublishedAt());
        assertTrue(sleeper.waits().isEmpty());
    }

    @Test
    void wrongTokenIsAClearFatalError() {
        requireToken();
        LiveSourceException e = assertThrows(LiveSourceException.class,
                () -> client("wrong", RetryPolicy.defaults()).latest("DE"));
        assertEquals(401, e.status());
        assertTrue(e.isAuthFailure());
        assertEquals("Electricity Maps: 401 Unauthorized from " + server.base("/v3/carbon-intensity/latest")
                + " — check the Electricity Maps API token (auth-token header) and that your plan covers this zone "
                + "and endpoint (server said: {\"message\":\"Invalid auth-token\"})", e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "the token is never echoed");
        assertEquals(1, server.count("/v3/carbon-intensity/latest"), "no retry on 401");

        server.on("/v3/carbon-intensity/history", Answer.status(403, "{\"message\":\"zone not in plan\"}"));
        LiveSourceException forbidden = assertThrows(LiveSourceException.class,
                () -> client("secret", RetryPolicy.defaults()).history("US-CAL-CISO"));
        assertEquals(403, forbidden.status());
        assertTrue(forbidden.getMessage().contains("403 Forbidden"), forbidden.getMessage());
    }

    @Test
    void rateLimitHonoursRetryAfter() {
        server.on("/v3/carbon-intensity/latest",
                Answer.status(429, "{\"message\":\"slow down\"}").withHeader("Retry-After", "2"),
                Answer.status(429, "{\"message\":\"slow down\"}").withHeader("Retry-After", "Tue, 21 May 2024 10:00:05 GMT"),
                Answer.json(LATEST));
        ReadResult result = client("secret", RetryPolicy.defaults()).latest("DE");
        assertEquals(1, result.records().size());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(5)), sleeper.waits());
        assertEquals(3, server.count("/v3/carbon-intensity/latest"));
    }

    @Test
    void tooLongRetryAfterFailsAtOnce() {
        server.on("/v3/carbon-intensity/latest",
                Answer.status(429, "{\"message\":\"quota exceeded\"}").withHeader("Retry-After", "3600"));
        LiveSourceException e = assertThrows(LiveSourceException.class,
                () -> client("secret", RetryPolicy.defaults()).latest("DE"));
        assertEquals("Electricity Maps: rate limited by " + server.base("/v3/carbon-intensity/latest")
                + " for 3600 s (more than the 120 s we wait) (server said: {\"message\":\"quota exceeded\"})",
                e.getMessage());
        assertTrue(sleeper.waits().isEmpty());
    }

    @Test
    void serverErrorsBackOffExponentiallyThenGiveUp() {
        server.on("/v3/carbon-intensity/latest", Answer.status(503, "{}"), Answer.status(502, "bad gateway"),
                Answer.json(LATEST));
        assertEquals(1, client("secret", RetryPolicy.defaults()).latest("DE").records().size());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), sleeper.waits());

        server.on("/v3/carbon-intensity/history", Answer.status(500, "{\"error\":\"boom\"}"));
        RecordingSleeper fresh = new RecordingSleeper();
        sleeper = fresh;
        LiveSourceException e = assertThrows(LiveSourceException.class,
                () -> client("secret", RetryPolicy.defaults()).history("DE"));
        assertEquals("Electricity Maps: " + server.base("/v3/carbon-intensity/history") + " failed after 4 attempts "
                + "(last: 500 server error (server said: {\"error\":\"boom\"}))", e.getMessage());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000)), fresh.waits());
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        server.on("/v3/carbon-intensity/forecast", Answer.status(400, "{\"message\":\"zone XX does not exist\"}"));
        LiveSourceException e = assertThrows(LiveSourceException.class,
                () -> client("secret", RetryPolicy.defaults()).forecast("XX"));
        assertEquals("Electricity Maps: HTTP 400 from " + server.base("/v3/carbon-intensity/forecast")
                + " (server said: {\"message\":\"zone XX does not exist\"})", e.getMessage());
        assertEquals(1, server.count("/v3/carbon-intensity/forecast"));
    }

    @Test
    void unreachableServerIsRetriedThenReported() {
        java.net.URI closed = server.base("/v3");
        server.close();
        ResilientHttp http = new ResilientHttp(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                new RetryPolicy(2, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), Duration.ofSeconds(10)),
                sleeper, Duration.ofSeconds(2), Clock.systemUTC());
        LiveSourceException e = assertThrows(LiveSourceException.class,
                () -> new ElectricityMapsClient(closed, "secret", null, http).latest("DE"));
        assertEquals(0, e.status());
        assertTrue(e.getMessage().startsWith("Electricity Maps: " + closed + "/carbon-intensity/latest failed after 2 "
                + "attempts (last: ConnectException"), e.getMessage());
        assertEquals(List.of(Duration.ofMillis(100)), sleeper.waits());
    }

    @Test
    void slowAnswersTimeOut() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        server.on("/v3/carbon-intensity/latest", request -> {
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.json(LATEST);
        });
        ResilientHttp http = new ResilientHttp(HttpClient.newHttpClient(),
                new RetryPolicy(1, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), Duration.ofSeconds(10)),
                sleeper, Duration.ofMillis(300), Clock.systemUTC());
        try {
            LiveSourceException e = assertThrows(LiveSourceException.class,
                    () -> new ElectricityMapsClient(server.base("/v3"), "secret", null, http).latest("DE"));
            assertTrue(e.getMessage().endsWith("failed after 1 attempts (last: HttpTimeoutException: request timed out)"),
                    e.getMessage());
        } finally {
            release.countDown();
        }
    }
}
