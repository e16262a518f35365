package org.carbonedge.platform.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A plain java.net.http client for the registry's REST API, as any non-Confluent client would call it. */
final class RegistryHttp {

    static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** An answer: status, parsed JSON body, raw body and content type. */
    record Reply(int status, JsonNode json, String raw, String contentType, String allow, String challenge) {
        int errorCode() {
            return json.path("error_code").asInt(-1);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String authorization;

    RegistryHttp(String baseUrl) {
        this(baseUrl, null);
    }

    /** A client that sends {@code Authorization: authorization} with every call (null: none). */
    RegistryHttp(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    /** {@code Basic base64(user:password)}. */
    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    static String enc(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code {"schema": schemaJson}} as request body text. */
    static String schemaBody(String schemaJson) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("schema", schemaJson);
        return body.toString();
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Reply post(String path, String body) {
        return post(path, body, V1_JSON);
    }

    Reply post(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            HttpResponse<String> r = client.send(builder.header("Accept", V1_JSON).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(r.body());
            return new Reply(r.statusCode(), json, r.body(),
                    r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("Allow").orElse(null),
                    r.headers().firstValue("WWW-Authenticate").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
