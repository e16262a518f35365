package org.carbonedge.jobs.router;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.carbonedge.core.carbon.AccountingConfig;
import org.carbonedge.core.carbon.IntensityLimits;
import org.carbonedge.core.planning.AccuracyObjective;
import org.carbonedge.core.planning.PlannerConfig;
import org.carbonedge.core.scheduling.DeferralConfig;
import org.carbonedge.jobs.StreamingJob;
import org.carbonedge.jobs.kafka.Delivery;
import org.carbonedge.schemas.validation.RequestValidator;

/**
 * Settings of the router job.
 *
 * @param planner            planner knobs (stages, shortlist, compromise norm, transfer energy, PUE)
 * @param accounting         default intensity for zones the feed has not covered, and PUE of rejection records
 * @param intensityLimits    bounds of the per-zone intensity history kept as broadcast state
 * @param defaultDeadline    how long a request may wait for an eligible device when it sets no deadline
 * @param firstRetry         first retry delay; doubled on every retry up to {@code maxRetry}
 * @param maxRetry           longest retry delay
 * @param defaultNanosPerMac reference speed of a full core before any device has reported times
 * @param heartbeatStaleness a device whose last heartbeat is older than this is not planned on
 * @param maxRequestBytes    largest accepted request input
 * @param checkpointInterval how often the job checkpoints
 * @param groupId            consumer group of the job's Kafka sources
 * @param service            name written into dead letters
 * @param delivery           sink guarantee
 * @param seenRetention      how long a request id is remembered after its first arrival, so a second request with
 *                           the same id is dead-lettered as a duplicate instead of run; matches the emissions job's
 *                           finished-request retention ({@code EmissionsConfig.doneRetention}, 10 minutes)
 * @param maxClockSkew       how far a request's submittedAt may be ahead of the router's clock
 * @param deferral           how deferrable requests are held for a cleaner grid (release slots, margins, the share
 *                           of device time promised to held work, the longest hold)
 * @param objectives         mean accuracy objectives by the request label they hold for ({@code tenant=acme}); empty
 *                           for none
 */
public record RouterConfig(PlannerConfig planner, AccountingConfig accounting, IntensityLimits intensityLimits,
                           Duration defaultDeadline, Duration firstRetry, Duration maxRetry, double defaultNanosPerMac,
                           Duration heartbeatStaleness, long maxRequestBytes, Duration checkpointInterval,
                           String groupId, String service, Delivery delivery, Duration seenRetention,
                           Duration maxClockSkew, DeferralConfig deferral,
                           Map<String, AccuracyObjective> objectives)
        implements StreamingJob.Settings, Serializable {

    private static final long serialVersionUID = 1L;

    /** ns per multiply-accumulate of one core of the development machine (MobileNetV2: 300.8M MACs in ~8.7 ms). */
    public static final double CALIBRATED_NANOS_PER_MAC = 0.029;

    public RouterConfig {
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(accounting, "accounting");
        Objects.requireNonNull(intensityLimits, "intensityLimits");
        Objects.requireNonNull(delivery, "delivery");
        if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("need 0 < firstRetry <= maxRetry");
        }
        if (seenRetention == null || seenRetention.isNegative() || seenRetention.isZero()) {
            throw new IllegalArgumentException("seenRetention must be > 0, was " + seenRetention);
        }
        if (maxClockSkew == null || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must be >= 0, was " + maxClockSkew);
        }
        Objects.requireNonNull(deferral, "deferral");
        for (String key : objectives.keySet()) {
            if (key.indexOf('=') < 1) {
                throw new IllegalArgumentException("objective label must be name=value, was '" + key + "'");
            }
        }
        objectives = Map.copyOf(objectives);
    }

    /** How long request ids are remembered by default: the emissions job's finished-request retention. */
    public static final Duration DEFAULT_SEEN_RETENTION = Duration.ofMinutes(10);

    /**
     * 30 s deadline, retries from 100 ms doubling to 2 s, heartbeats stale after 5 s, 16 MiB inputs, EXACTLY_ONCE,
     * request ids remembered 10 minutes, submittedAt up to 5 minutes ahead.
     */
    public static RouterConfig defaults() {
        return new RouterConfig(PlannerConfig.defaults(), AccountingConfig.defaults(), IntensityLimits.defaults(),
                Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(2), CALIBRATED_NANOS_PER_MAC,
                Duration.ofSeconds(5), 16L * 1024 * 1024, Duration.ofSeconds(2), "carbonedge-router", "router",
                Delivery.exactlyOnce("carbonedge-router"), DEFAULT_SEEN_RETENTION,
                RequestValidator.DEFAULT_MAX_CLOCK_SKEW, DeferralConfig.defaults(), Map.of());
    }

    public RouterConfig withPlanner(PlannerConfig value) {
        return new RouterConfig(value, accounting, intensityLimits, defaultDeadline, firstRetry, maxRetry,
                defaultNanosPerMac, heartbeatStaleness, maxRequestBytes, checkpointInterval, groupId, service, delivery,
                seenRetention, maxClockSkew, deferral, objectives);
    }

    public RouterConfig withDeadline(Duration value) {
        return new RouterConfig(planner, accounting, intensityLimits, value, firstRetry, maxRetry,
                defaultNanosPerMac, heartbeatStaleness, maxRequestBytes, checkpointInterval, groupId, service, delivery,
                seenRetention, maxClockSkew, deferral, objectives);
    }

    public RouterConfig withKafka(String consumerGroupId, Delivery sinkDelivery) {
        return new RouterConfig(planner, accounting, intensityLimits, defaultDeadline, firstRetry, maxRetry,
                defaultNanosPerMac, heartbeatStaleness, maxRequestBytes, checkpointInterval, consumerGroupId, service,
                sinkDelivery, seenRetention, maxClockSkew, deferral, objectives);
    }

    public RouterConfig withCheckpointInterval(Duration value) {
        return new RouterConfig(planner, accounting, intensityLimits, defaultDeadline, firstRetry, maxRetry,
                defaultNanosPerMac, heartbeatStaleness, maxRequestBytes, value, groupId, service, delivery,
                seenRetention, maxClockSkew, deferral, objectives);
    }

    public RouterConfig withSeenRetention(Duration value) {
        return new RouterConfig(planner, accounting, intensityLimits, defaultDeadline, firstRetry, maxRetry,
                defaultNanosPerMac, heartbeatStaleness, maxRequestBytes, checkpointInterval, groupId, service, delivery,
                value, maxClockSkew, deferral, objectives);
    }

    public RouterConfig withMaxClockSkew(Duration value) {
        return new RouterConfig(planner, accounting, intensityLimits, defaultDeadline, firstRetry, maxRetry,
                defaultNanosPerMac, heartbeatStaleness, maxRequestBytes, checkpointInterval, groupId, service, delivery,
                seenRetention, value, deferral, objectives);
    }

    public RouterConfig withDeferral(DeferralConfig value) {
        return new RouterConfig(planner, accounting, intensityLimits, defaultDeadline, firstRetry, maxRetry,
                defaultNanosPerMac, heartbeatStaleness, maxRequestBytes, checkpointInterval, groupId, service, delivery,
                seenRetention, maxClockSkew, value, objectives);
    }

    /** These settings with the mean accuracy objectives {@code value} (label {@code name=value} → objective). */
    public RouterConfig withObjectives(Map<String, AccuracyObjective> value) {
        return new RouterConfig(planner, accounting, intensityLimits, defaultDeadline, firstRetry, maxRetry,
                defaultNanosPerMac, heartbeatStaleness, maxRequestBytes, checkpointInterval, groupId, service, delivery,
                seenRetention, maxClockSkew, deferral, value);
    }

    /** Delay before retry number {@code attempt} (0-based). */
    public long retryDelayMillis(int attempt) {
        long delay = firstRetry.toMillis() << Math.min(attempt, 20);
        return Math.min(delay, maxRetry.toMillis());
    }
}
