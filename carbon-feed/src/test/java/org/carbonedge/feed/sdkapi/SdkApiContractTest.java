package org.carbonedge.feed.sdkapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.carbonedge.common.http.AccessCheck;
import org.carbonedge.common.http.HttpListener;
import org.carbonedge.common.http.HttpListenerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server on port 0 over a store filled directly: every endpoint, answers and refusals, each checked against
 * the SDK's OpenAPI excerpt.
 */
class SdkApiContractTest {

    static HttpListener http;
    static OpenApiExcerpt spec;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, String contentType, JsonNode body) {
    }

    @BeforeAll
    static void start() throws IOException {
        spec = OpenApiExcerpt.load();
        SdkQueries queries = new SdkQueries(SdkApiQueriesTest.filled(), SdkApiQueriesTest.NOW);
        http = HttpListener.start("sdk-api-test", HttpListenerSettings.loopback(0).withMaxBodyBytes(1024),
                SdkJson.errorFormat(), AccessCheck.OPEN, Map.of("/", new SdkApiHandler(queries)));
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
    }

    static Answer get(String pathAndQuery) throws Exception {
        HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(http.url() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = r.body().length == 0 ? null : JSON.readTree(r.body());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body);
    }

    /** GETs and checks the answer against the excerpt; returns it. */
    static Answer conforming(String path, String query, int expectedStatus) throws Exception {
        Answer a = get(path + (query.isEmpty() ? "" : "?" + query));
        assertThat(a.status()).as("status of %s?%s: %s", path, query, a.body()).isEqualTo(expectedStatus);
        List<String> problems = spec.check(path, a.status(), a.body(), true);
        assertThat(problems).as("%s?%s -> %s", path, query, a.body()).isEmpty();
        return a;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theExcerptCoversWhatIsServedAndNamesTheSdksParameters() {
        assertThat(spec.paths()).containsExactlyInAnyOrder("/emissions/bylocation", "/emissions/bylocations",
                "/emissions/bylocations/best", "/emissions/forecasts/current", "/emissions/average-carbon-intensity");
        assertThat(spec.parameters("/emissions/bylocation")).containsExactly("location", "time", "toTime");
        assertThat(spec.parameters("/emissions/forecasts/current"))
                .containsExactly("location", "dataStartAt", "dataEndAt", "windowSize");
        assertThat(spec.parameters("/emissions/average-carbon-intensity"))
                .containsExactly("location", "startTime", "endTime");
    }

    @Test
    void byLocation() throws Exception {
        Answer a = conforming("/emissions/bylocation",
                "location=DE&time=2024-03-01T00:00:00Z&toTime=2024-03-01T02:00:00Z", 200);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.body()).hasSize(2);
        JsonNode first = a.body().get(0);
        assertThat(first.get("location").asText()).isEqualTo("DE");
        assertThat(first.get("time").asText()).isEqualTo("2024-03-01T00:00:00Z");
        assertThat(first.get("rating").asDouble()).isEqualTo(300.0);
        assertThat(first.get("duration").asText()).isEqualTo("01:00:00");
        // no time: the point at now (01:30)
        assertThat(conforming("/emissions/bylocation", "location=DE", 200).body().get(0).get("rating").asDouble())
                .isEqualTo(200.0);
        // offsets and case-insensitive names, as ASP.NET binds them
        assertThat(conforming("/emissions/bylocation", "LOCATION=DE&Time=" + enc("2024-03-01T03:30:00+02:00"), 200)
                .body().get(0).get("rating").asDouble()).isEqualTo(200.0);
        // nothing known then: 204 without a body
        conforming("/emissions/bylocation", "location=DE&time=2030-01-01T00:00:00Z", 204);
    }

    @Test
    void byLocationsAndBest() throws Exception {
        String q = "location=DE&location=FR&time=2024-03-01T00:00:00Z&toTime=2024-03-01T04:00:00Z";
        assertThat(conforming("/emissions/bylocations", q, 200).body()).hasSize(5);
        JsonNode best = conforming("/emissions/bylocations/best", q, 200).body();
        assertThat(best).hasSize(1);
        assertThat(best.get(0).get("location").asText()).isEqualTo("FR");
        assertThat(best.get(0).get("rating").asDouble()).isEqualTo(50.0);
    }

    @Test
    void currentForecast() throws Exception {
        Answer a = conforming("/emissions/forecasts/current",
                "location=DE&dataStartAt=2024-03-01T00:30:00Z&dataEndAt=2024-03-01T02:30:00Z&windowSize=60", 200);
        JsonNode f = a.body().get(0);
        assertThat(f.get("location").asText()).isEqualTo("DE");
        assertThat(f.get("windowSize").asInt()).isEqualTo(60);
        assertThat(f.get("generatedAt").asText()).isEqualTo("2024-02-29T23:30:00Z");
        assertThat(f.get("dataStartAt").asText()).isEqualTo("2024-03-01T00:30:00Z");
        assertThat(f.get("optimalDataPoints")).hasSize(1);
        JsonNode optimal = f.get("optimalDataPoints").get(0);
        assertThat(optimal.get("timestamp").asText()).isEqualTo("2024-03-01T01:30:00Z");
        assertThat(optimal.get("duration").asInt()).isEqualTo(60);
        assertThat(optimal.get("value").asDouble()).isEqualTo(100.0);
        assertThat(f.get("forecastData")).hasSize(3);
        // window longer than the data: an empty forecast, not an error
        JsonNode empty = conforming("/emissions/forecasts/current", "location=DE&windowSize=100000", 200).body().get(0);
        assertThat(empty.get("forecastData")).isEmpty();
        assertThat(empty.get("optimalDataPoints")).isEmpty();
    }

    @Test
    void averageCarbonIntensity() throws Exception {
        JsonNode a = conforming("/emissions/average-carbon-intensity",
                "location=DE&startTime=2024-03-01T00:00:00Z&endTime=2024-03-01T02:00:00Z", 200).body();
        assertThat(a.get("carbonIntensity").asDouble()).isEqualTo(250.0);
        assertThat(a.get("location").asText()).isEqualTo("DE");
        assertThat(a.get("startTime").asText()).isEqualTo("2024-03-01T00:00:00Z");
        assertThat(a.get("endTime").asText()).isEqualTo("2024-03-01T02:00:00Z");
    }

    @Test
    void refusalsAreValidationProblemDetails() throws Exception {
        JsonNode unknown = conforming("/emissions/bylocation", "location=NOWHERE", 400).body();
        assertThat(unknown.get("title").asText()).isEqualTo("ArgumentException");
        assertThat(unknown.get("status").asInt()).isEqualTo(400);
        assertThat(unknown.get("detail").asText()).isEqualTo("Unknown Location: 'NOWHERE' not found");

        JsonNode missing = conforming("/emissions/bylocations/best", "", 400).body();
        assertThat(missing.get("errors").get("location").get(0).asText()).isEqualTo("location is not set");

        JsonNode badTime = conforming("/emissions/bylocation", "location=DE&time=yesterday", 400).body();
        assertThat(badTime.get("type").asText()).isEqualTo(SdkProblem.BAD_REQUEST_TYPE);
        assertThat(badTime.get("errors").get("time").get(0).asText()).isEqualTo("The value 'yesterday' is not valid for time.");

        JsonNode reversed = conforming("/emissions/bylocation",
                "location=DE&time=2024-03-01T02:00:00Z&toTime=2024-03-01T01:00:00Z", 400).body();
        assertThat(reversed.get("errors").get("time").get(0).asText()).isEqualTo("time must be before toTime");

        conforming("/emissions/forecasts/current", "location=DE&windowSize=-1", 400);
        conforming("/emissions/forecasts/current", "location=DE&windowSize=99999999999", 400);
        conforming("/emissions/forecasts/current", "location=DE&dataStartAt=1999-01-01T00:00:00Z", 400);
        conforming("/emissions/average-carbon-intensity", "location=DE", 400);
        conforming("/emissions/average-carbon-intensity", "location=DE&startTime=0000-01-01&endTime=+99999-01-01T00:00:00Z", 400);
        conforming("/emissions/average-carbon-intensity",
                "location=DE&startTime=2024-03-01T00:00:00Z&endTime=2024-03-09T00:00:00Z", 400);
    }

    @Test
    void hostileQueriesAreBoundedRefusals() throws Exception {
        StringBuilder many = new StringBuilder("location=DE");
        for (int i = 0; i < 200; i++) {
            many.append("&x").append(i).append('=').append(i);
        }
        Answer tooMany = conforming("/emissions/bylocation", many.toString(), 400);
        assertThat(tooMany.body().get("errors").has("query")).isTrue();

        StringBuilder locations = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            locations.append(i == 0 ? "" : "&").append("location=Z").append(i);
        }
        assertThat(conforming("/emissions/bylocations", locations.toString(), 400).body().get("errors").has("location"))
                .isTrue();

        conforming("/emissions/bylocation", "location=" + enc("\u0000<script>" + "x".repeat(1000)), 400);
        conforming("/emissions/bylocation", "location=DE&time=" + "9".repeat(3000), 400);
    }

    @Test
    void onlyGetAndOnlyTheseEndpoints() throws Exception {
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create(http.url() + "/emissions/bylocation?location=DE"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<byte[]> head = CLIENT.send(HttpRequest.newBuilder(URI.create(http.url() + "/emissions/bylocation?location=DE"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(get("/emissions/forecasts/batch").status()).isEqualTo(404);
        assertThat(get("/").status()).isEqualTo(404);
        // a request line over the listener's limit is cut off by it, not by us
        try (Socket s = new Socket(http.boundAddress().getAddress(), http.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /emissions/bylocation?location=" + "A".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 4");
            // in the API's error shape, whoever refused
            JsonNode problem = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(problem.get("status").asInt()).isBetween(400, 499);
            assertThat(problem.has("title")).isTrue();
            assertThat(problem.get("errors").isObject()).isTrue();
        }
    }

    @Test
    void bindsLoopbackByDefault() {
        assertThat(http.boundAddress().getAddress().isLoopbackAddress()).isTrue();
    }
}
