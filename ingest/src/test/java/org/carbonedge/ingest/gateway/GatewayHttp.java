package org.carbonedge.ingest.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/** Plain HTTP calls to a gateway, answers parsed as JSON. */
record GatewayHttp(String baseUrl, HttpClient http, String authorization) {

    /** An answer: status and JSON body. */
    record Answer(int status, JsonNode json, java.net.http.HttpHeaders headers) {
        String error() {
            return json.path("error").asText();
        }
    }

    static GatewayHttp of(String baseUrl) {
        return new GatewayHttp(baseUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), null);
    }

    /** The same client sending {@code Authorization: Bearer token} with every call. */
    GatewayHttp withToken(String token) {
        return new GatewayHttp(baseUrl, http, "Bearer " + token);
    }

    Answer postJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer post(String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Answer method(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = GatewayJson.mapper().readTree(r.body());
            return new Answer(r.statusCode(), json, r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
