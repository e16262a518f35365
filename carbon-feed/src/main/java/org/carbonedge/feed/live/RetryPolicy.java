package org.carbonedge.feed.live;

import java.time.Duration;
import java.util.Objects;

/**
 * How a live client retries: up to {@code maxAttempts} tries; between them an exponential back-off
 * ({@code initialBackoff × multiplier^(n-1)}, capped at {@code maxBackoff}) for connection failures and 5xx
 * answers, or the server's {@code Retry-After} for 429/503, refused when it exceeds {@code maxRetryAfter}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                          Duration maxRetryAfter) {
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxAttempts < 1 || multiplier < 1.0) {
            throw new IllegalArgumentException("maxAttempts >= 1 and multiplier >= 1 required");
        }
    }

    /** 4 attempts, 0.5 s doubling to at most 8 s, honour Retry-After up to 2 minutes. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), 2.0, Duration.ofSeconds(8), Duration.ofMinutes(2));
    }

    /** Back-off before attempt {@code attempt + 1}, where {@code attempt} counts from 1. */
    public Duration backoffAfter(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
}
