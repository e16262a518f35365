package org.carbonedge.ledger;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain java.net.http client for the ledger's API in tests: paths are quoted as a real client would. */
final class LedgerHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LedgerHttp() {
    }

    static HttpResponse<String> get(String baseUrl, String path, String query) {
        return send(baseUrl, path, query, "GET");
    }

    static HttpResponse<String> send(String baseUrl, String path, String query, String method) {
        return send(baseUrl, path, query, method, null);
    }

    /** A GET with {@code Authorization: Bearer token}. */
    static HttpResponse<String> getWithToken(String baseUrl, String path, String token) {
        return send(baseUrl, path, null, "GET", token);
    }

    static HttpResponse<String> send(String baseUrl, String path, String query, String method, String token) {
        URI base = URI.create(baseUrl);
        try {
            URI uri = new URI("http", null, base.getHost(), base.getPort(), path, query, null);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException(method + " " + path + " at " + baseUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4180 lines split into fields (quoted fields may hold commas and doubled quotes). */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            rows.add(fields);
        }
        return rows;
    }
}
