package org.carbonedge.feed.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.Topics;

/**
 * The two broker limits on event time that matter to a replay, read from the grid-intensity topic's config. The
 * sink sets the Kafka timestamp to {@code validFrom}, and the broker judges timestamps against its own clock:
 * records older than {@code retention.ms} are deleted at the next retention check (minutes, not days), and
 * records more than {@code message.timestamp.after.max.ms} ahead (1 h by default) are refused. Knowing both lets
 * the CLI warn before a historical replay disappears or a rebased one is refused.
 *
 * @param retention     {@code retention.ms}, or null when retention by time is off ({@code -1})
 * @param maxAheadOfNow {@code message.timestamp.after.max.ms}
 */
public record TopicTimeLimits(Duration retention, Duration maxAheadOfNow) {

    /** Reads the limits of {@code carbonedge.grid-intensity}; empty when the broker does not answer in time. */
    public static Optional<TopicTimeLimits> describe(ClientSettings settings, Duration timeout) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.GRID_INTENSITY.name());
        Map<String, Object> config = settings.admin();
        config.put("request.timeout.ms", (int) timeout.toMillis());
        config.put("default.api.timeout.ms", (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            Config topicConfig = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            return Optional.of(new TopicTimeLimits(millis(topicConfig, TopicConfig.RETENTION_MS_CONFIG),
                    millis(topicConfig, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when a record with event time {@code eventTime} published at {@code now} will be deleted by retention. */
    public boolean expiresAt(Instant eventTime, Instant now) {
        return retention != null && eventTime.isBefore(now.minus(retention));
    }

    /** True when the broker refuses event time {@code eventTime} published at {@code now}. */
    public boolean tooFarAhead(Instant eventTime, Instant now) {
        return maxAheadOfNow != null && eventTime.isAfter(now.plus(maxAheadOfNow));
    }

    private static Duration millis(Config config, String key) {
        ConfigEntry entry = config.get(key);
        if (entry == null || entry.value() == null) {
            return null;
        }
        long ms = Long.parseLong(entry.value());
        return ms < 0 ? null : Duration.ofMillis(ms);
    }
}
