package org.carbonedge.ledger.query;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.state.HostInfo;
import org.carbonedge.ledger.LedgerJson;
import org.carbonedge.ledger.core.Totals;

/**
 * Asks another ledger instance for totals from its own state store only (header {@link #LOCAL_ONLY}), so a
 * forwarded query is never forwarded again.
 */
public final class RemoteLedger {

    /** Request header: answer from this instance's store, do not forward. */
    public static final String LOCAL_ONLY = "X-CarbonEdge-Ledger-Local";
    /** Response header: the instance whose store answered, {@code host:port}. */
    public static final String SERVED_BY = "X-CarbonEdge-Ledger-Served-By";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String authorization;

    /** Asks other instances without credentials. */
    public RemoteLedger() {
        this(null);
    }

    /** Asks other instances with {@code Authorization: Bearer token} (null: none), the token all instances share. */
    public RemoteLedger(String bearerToken) {
        this.authorization = bearerToken == null ? null : "Bearer " + bearerToken;
    }

    /** The key's totals at {@code owner}, empty when it has none. */
    public Optional<Served<Totals>> one(HostInfo owner, String key) {
        HttpResponse<byte[]> response = get(owner, "/v1/totals/" + key);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        TotalsView view = read(owner, response, TotalsView.class);
        return Optional.of(new Served<>(view.toTotals(),
                response.headers().firstValue(SERVED_BY).orElse(owner.host() + ":" + owner.port())));
    }

    /** Every key {@code instance} owns, with its totals. */
    public Map<String, Totals> all(HostInfo instance) {
        TotalsList list = read(instance, get(instance, "/v1/totals"), TotalsList.class);
        Map<String, Totals> out = new HashMap<>();
        list.totals().forEach(v -> out.put(v.key(), v.toTotals()));
        return out;
    }

    private HttpResponse<byte[]> get(HostInfo host, String path) {
        String where = host.host() + ":" + host.port();
        try {
            URI uri = new URI("http", null, host.host(), host.port(), path, null, null);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header(LOCAL_ONLY, "true").GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build a URI for " + path + " at " + where, e);
        } catch (IOException e) {
            throw new LedgerUnavailableException("ledger instance " + where + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("interrupted while asking ledger instance " + where, e);
        }
    }

    private static <T> T read(HostInfo host, HttpResponse<byte[]> response, Class<T> type) {
        String where = host.host() + ":" + host.port();
        if (response.statusCode() != 200) {
            throw new LedgerUnavailableException("ledger instance " + where + " answered " + response.statusCode()
                    + ": " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            return LedgerJson.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new LedgerUnavailableException("ledger instance " + where + " sent unreadable JSON: " + e.getMessage(), e);
        }
    }
}
