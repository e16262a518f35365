package org.carbonedge.ingest.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP gateway.
 *
 * @param host               address to bind (loopback by default; {@code --bind} sets it; put a TLS proxy in front
 *                           to expose it)
 * @param port               port, 0 for any free one
 * @param maxBodyBytes       largest request body read (413 above)
 * @param maxInputBytes      largest decoded input tensors per request (413 above); Kafka's default message limit
 *                           is 1 MiB, so the default stays under it
 * @param requestTtl         how long an accepted request's status is kept for {@code GET /v1/requests/{id}}, from
 *                           its acceptance, or from its deadline for a deferrable request (the router may hold it
 *                           until then)
 * @param maxTrackedRequests most requests followed at once (the oldest are forgotten first): bounded memory
 * @param publishTimeout     how long to wait for Kafka to acknowledge a request before answering 503
 * @param predictionGrace    how long an OK emission record may wait for its prediction before the status says OK
 *                           anyway (the two come from different topics)
 * @param threads            HTTP worker threads: requests handled at once (each may wait up to publishTimeout for
 *                           Kafka); clients still sending headers hold none, a slow body holds one for at most the
 *                           listener's body deadline
 * @param bearerToken        when set, every call needs {@code Authorization: Bearer <token>} (401 otherwise); never
 *                           logged, masked in {@link #toString()}
 */
public record GatewayOptions(String host, int port, long maxBodyBytes, long maxInputBytes, Duration requestTtl,
                             int maxTrackedRequests, Duration publishTimeout, Duration predictionGrace, int threads,
                             String bearerToken) {

    public GatewayOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (maxBodyBytes <= 0 || maxInputBytes <= 0 || maxTrackedRequests <= 0 || threads <= 0) {
            throw new IllegalArgumentException("limits and threads must be positive");
        }
        if (requestTtl.isNegative() || requestTtl.isZero() || publishTimeout.isNegative() || publishTimeout.isZero()
                || predictionGrace.isNegative()) {
            throw new IllegalArgumentException("durations must be positive");
        }
    }

    /**
     * Loopback port 8080, 8 MiB bodies, 1,000,000 input bytes, 10 min TTL, 100,000 requests, 10 s publish, 64
     * threads, no token.
     */
    public static GatewayOptions defaults() {
        return new GatewayOptions("127.0.0.1", 8080, 8L * 1024 * 1024, 1_000_000, Duration.ofMinutes(10), 100_000,
                Duration.ofSeconds(10), Duration.ofSeconds(2), 64, null);
    }

    /** Requires {@code Authorization: Bearer value} on every call; null or blank turns it off. */
    public GatewayOptions withBearerToken(String value) {
        return new GatewayOptions(host, port, maxBodyBytes, maxInputBytes, requestTtl, maxTrackedRequests,
                publishTimeout, predictionGrace, threads, value == null || value.isBlank() ? null : value);
    }

    /** The token never shows up in logs or messages. */
    @Override
    public String toString() {
        return "GatewayOptions[host=" + host + ", port=" + port + ", maxBodyBytes=" + maxBodyBytes + ", maxInputBytes="
                + maxInputBytes + ", requestTtl=" + requestTtl + ", maxTrackedRequests=" + maxTrackedRequests
                + ", publishTimeout=" + publishTimeout + ", predictionGrace=" + predictionGrace + ", threads=" + threads
                + ", bearerToken=" + (bearerToken == null ? "none" : "***") + "]";
    }

    public GatewayOptions withPort(int value) {
        return new GatewayOptions(host, value, maxBodyBytes, maxInputBytes, requestTtl, maxTrackedRequests,
                publishTimeout, predictionGrace, threads, bearerToken);
    }

    public GatewayOptions withHost(String value) {
        return new GatewayOptions(value, port, maxBodyBytes, maxInputBytes, requestTtl, maxTrackedRequests,
                publishTimeout, predictionGrace, threads, bearerToken);
    }

    public GatewayOptions withLimits(long bodyBytes, long inputBytes) {
        return new GatewayOptions(host, port, bodyBytes, inputBytes, requestTtl, maxTrackedRequests, publishTimeout,
                predictionGrace, threads, bearerToken);
    }

    public GatewayOptions withTracking(Duration ttl, int maxRequests) {
        return new GatewayOptions(host, port, maxBodyBytes, maxInputBytes, ttl, maxRequests, publishTimeout,
                predictionGrace, threads, bearerToken);
    }
}
