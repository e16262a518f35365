package org.carbonedge.feed.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.carbonedge.feed.read.ReadResult;
import org.carbonedge.feed.read.WattTimeJsonReader;

/**
 * WattTime API v3 client: logs in with HTTP basic auth ({@code GET /login} → {@code {"token"}}, valid 30 minutes),
 * then calls {@code /v3/historical} and {@code /v3/forecast} with the bearer token for a region and signal type.
 * The token is reused until shortly before it expires and renewed once when a call answers 401. Answers are
 * parsed by {@link WattTimeJsonReader} (lbs/MWh → g/kWh); records are labelled {@code watttime-api}.
 */
public final class WattTimeClient {
    public static final URI DEFAULT_BASE = URI.create("https://api.watttime.org/");
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);
    private static final Duration TOKEN_MARGIN = Duration.ofMinutes(2);
    private static final String API = "WattTime";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final String username;
    private final String password;
    private final ResilientHttp http;
    private final Clock clock;
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    public WattTimeClient(URI base, String username, String password, ResilientHttp http, Clock clock) {
        this.base = LiveResults.withSlash(Objects.requireNonNull(base, "base"));
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Historical data for {@code region} between {@code start} and {@code end} (kind MEASURED). */
    public ReadResult historical(String region, WattTimeSignal signal, Instant start, Instant end) {
        return call("v3/historical", "region=" + LiveResults.encode(region) + "&start="
                + LiveResults.encode(start.toString()) + "&end=" + LiveResults.encode(end.toString())
                + "&signal_type=" + signal.apiName());
    }

    /** The current forecast for {@code region} (kind FORECAST, published at {@code meta.generated_at}). */
    public ReadResult forecast(String region, WattTimeSignal signal, int horizonHours) {
        return call("v3/forecast", "region=" + LiveResults.encode(region) + "&signal_type=" + signal.apiName()
                + "&horizon_hours=" + horizonHours);
    }

    private synchronized ReadResult call(String path, String query) {
        URI uri = base.resolve(path + "?" + query);
        String body;
        try {
            body = http.get(API, uri, Map.of("Authorization", "Bearer " + token()), status -> "token refused");
        } catch (LiveSourceException e) {
            if (e.status() != 401) {
                throw e;
            }
            token = null; // expired or revoked early: log in again, once
            body = http.get(API, uri, Map.of("Authorization", "Bearer " + token()),
                    status -> "WattTime refused a fresh token; check that your plan covers this region and signal");
        }
        return LiveResults.parse(new WattTimeJsonReader(), body, uri, "watttime-api");
    }

    /** A valid token, logging in when there is none or it is about to expire. */
    synchronized String token() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(tokenExpires.minus(TOKEN_MARGIN))) {
            return token;
        }
        String basic = Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        URI uri = base.resolve("login");
        String body = http.get(API, uri, Map.of("Authorization", "Basic " + basic),
                status -> "WattTime login refused: check the username and password");
        try {
            JsonNode node = MAPPER.readTree(body);
            JsonNode t = node == null ? null : node.get("token");
            if (t == null || !t.isTextual() || t.asText().isBlank()) {
                throw new LiveSourceException(200, API + ": login answer from " + ResilientHttp.safe(uri)
                        + " has no token");
            }
            token = t.asText();
        } catch (IOException e) {
            throw new LiveSourceException(200, API + ": login answer from " + ResilientHttp.safe(uri)
                    + " is not JSON", e);
        }
        tokenExpires = now.plus(TOKEN_LIFETIME);
        return token;
    }
}
