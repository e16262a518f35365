package org.carbonedge.feed.live;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.carbonedge.feed.read.ElectricityMapsJsonReader;
import org.carbonedge.feed.read.EmissionFactor;
import org.carbonedge.feed.read.ReadResult;

/**
 * Electricity Maps API v3 carbon-intensity client: {@code latest}, {@code history} (last 24 h), {@code forecast}
 * and {@code past-range}, authenticated with the {@code auth-token} header. Answers are parsed by
 * {@link ElectricityMapsJsonReader}; records are labelled {@code electricitymaps-api}.
 */
public final class ElectricityMapsClient {
    public static final URI DEFAULT_BASE = URI.create("https://api.electricitymaps.com/v3/");
    private static final String API = "Electricity Maps";

    private final URI base;
    private final String authToken;
    private final EmissionFactor emissionFactor;
    private final ResilientHttp http;

    /**
     * @param base           API base, e.g. {@link #DEFAULT_BASE} or a local test server
     * @param authToken      the API key sent as {@code auth-token}
     * @param emissionFactor sent as {@code emissionFactorType} (the API defaults to life-cycle), or null to omit
     */
    public ElectricityMapsClient(URI base, String authToken, EmissionFactor emissionFactor, ResilientHttp http) {
        this.base = LiveResults.withSlash(Objects.requireNonNull(base, "base"));
        this.authToken = Objects.requireNonNull(authToken, "authToken");
        this.emissionFactor = emissionFactor;
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The most recent value for {@code zone}. */
    public ReadResult latest(String zone) {
        return call("carbon-intensity/latest", "zone=" + LiveResults.encode(zone));
    }

    /** The last 24 hours for {@code zone}. */
    public ReadResult history(String zone) {
        return call("carbon-intensity/history", "zone=" + LiveResults.encode(zone));
    }

    /** The forecast for {@code zone} (kind FORECAST, published at the response's {@code updatedAt}). */
    public ReadResult forecast(String zone) {
        return call("carbon-intensity/forecast", "zone=" + LiveResults.encode(zone));
    }

    /** Past values between {@code start} and {@code end} (the API limits the range). */
    public ReadResult pastRange(String zone, Instant start, Instant end) {
        return call("carbon-intensity/past-range", "zone=" + LiveResults.encode(zone) + "&start="
                + LiveResults.encode(start.toString()) + "&end=" + LiveResults.encode(end.toString()));
    }

    private ReadResult call(String path, String query) {
        String q = query;
        if (emissionFactor != null) {
            q += "&emissionFactorType=" + emissionFactor.name().toLowerCase(Locale.ROOT);
        }
        URI uri = base.resolve(path + "?" + q);
        String body = http.get(API, uri, Map.of("auth-token", authToken),
                status -> "check the Electricity Maps API token (auth-token header) and that your plan covers "
                        + "this zone and endpoint");
        return LiveResults.parse(new ElectricityMapsJsonReader(), body, uri, "electricitymaps-api");
    }
}
