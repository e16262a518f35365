package org.carbonedge.feed.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * GET-with-retries over {@link HttpClient}, shared by the live API clients: per-request timeout, exponential
 * back-off on connection failures and 5xx, {@code Retry-After} (seconds or HTTP date) on 429 and 503, and clear
 * one-line errors: 401/403 name the credential to check, other 4xx quote the server's message.
 */
public final class ResilientHttp {
    private static final int BODY_SNIPPET_CHARS = 200;

    private final HttpClient client;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Duration requestTimeout;
    private final Clock clock;

    /** Real network client: 10 s connect timeout, 30 s per request, default retries. */
    public static ResilientHttp defaults() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return new ResilientHttp(client, RetryPolicy.defaults(), Sleeper.SYSTEM, Duration.ofSeconds(30),
                Clock.systemUTC());
    }

    public ResilientHttp(HttpClient client, RetryPolicy policy, Sleeper sleeper, Duration requestTimeout, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What to say when the server refuses the credentials (401/403), e.g. "check the auth-token". */
    @FunctionalInterface
    public interface AuthHint {
        String hint(int status);
    }

    /**
     * GETs {@code uri} and returns the body of a 2xx answer.
     *
     * @param api     the API's name for messages ("Electricity Maps")
     * @param headers request headers (credentials included; never logged)
     * @throws LiveSourceException when every attempt failed or the answer is a non-retryable error
     */
    public String get(String api, URI uri, Map<String, String> headers, AuthHint authHint) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET()
                .header("Accept", "application/json");
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        String lastProblem = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastProblem = describe(e);
                pause(api, uri, attempt, policy.backoffAfter(attempt), lastProblem);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LiveSourceException(0, api + ": interrupted while calling " + safe(uri), e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response.body();
            }
            if (status == 401 || status == 403) {
                throw new LiveSourceException(status, api + ": " + status + (status == 401 ? " Unauthorized" : " Forbidden")
                        + " from " + safe(uri) + " — " + authHint.hint(status) + serverSays(response.body()));
            }
            if (status == 429 || status == 503) {
                Duration wait = retryAfter(response).orElse(policy.backoffAfter(attempt));
                if (wait.compareTo(policy.maxRetryAfter()) > 0) {
                    throw new LiveSourceException(status, api + ": " + (status == 429 ? "rate limited" : "unavailable")
                            + " by " + safe(uri) + " for " + wait.toSeconds() + " s (more than the "
                            + policy.maxRetryAfter().toSeconds() + " s we wait)" + serverSays(response.body()));
                }
                lastProblem = status + (status == 429 ? " Too Many Requests" : " Service Unavailable");
                pause(api, uri, attempt, wait, lastProblem);
                continue;
            }
            if (status >= 500) {
                lastProblem = status + " server error" + serverSays(response.body());
                pause(api, uri, attempt, policy.backoffAfter(attempt), lastProblem);
                continue;
            }
            throw new LiveSourceException(status, api + ": HTTP " + status + " from " + safe(uri)
                    + serverSays(response.body()));
        }
        throw new LiveSourceException(0, api + ": " + safe(uri) + " failed after " + policy.maxAttempts()
                + " attempts (last: " + lastProblem + ")");
    }

    private void pause(String api, URI uri, int attempt, Duration wait, String problem) {
        if (attempt >= policy.maxAttempts()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveSourceException(0, api + ": interrupted while waiting to retry " + safe(uri)
                    + " (" + problem + ")", e);
        }
    }

    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        try {
            long seconds = Long.parseLong(value);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), when);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    /** The URI without its query (which may hold credentials in some APIs). */
    static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    private static String serverSays(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        if (oneLine.length() > BODY_SNIPPET_CHARS) {
            oneLine = oneLine.substring(0, BODY_SNIPPET_CHARS) + "...";
        }
        return " (server said: " + oneLine + ")";
    }
}
