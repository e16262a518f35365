package org.carbonedge.jobs.emissions;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

import org.carbonedge.avro.ExecutionPlan;
import org.carbonedge.core.carbon.AccountingConfig;
import org.carbonedge.core.carbon.IntensityLimits;
import org.carbonedge.jobs.StreamingJob;
import org.carbonedge.jobs.kafka.Delivery;

/**
 * Settings of the emissions job.
 *
 * @param accounting         PUE, transfer kWh/GB and default intensity
 * @param intensityLimits    bounds of the per-zone intensity history kept as broadcast state
 * @param minTimeout         a request is given up (or a stage re-dispatched) no sooner than this after its first
 *                           task or result was seen
 * @param latencyFactor      ... nor sooner than this many times the plan's expected latency
 * @param heartbeatStaleness a device whose last heartbeat is older than this counts as gone
 * @param doneRetention      how long a finished request's done-marker is kept to ignore late duplicates
 * @param taskTtl            safety bound on stored tasks (the request timer clears them long before)
 * @param checkpointInterval how often the job checkpoints (and commits its Kafka transactions)
 * @param groupId            consumer group of the job's Kafka sources
 * @param service            name written into dead letters
 * @param delivery           sink guarantee; EXACTLY_ONCE prefixes get {@code -emissions}, {@code -tasks},
 *                           {@code -dead-letter} appended per sink
 */
public record EmissionsConfig(AccountingConfig accounting, IntensityLimits intensityLimits, Duration minTimeout,
                              double latencyFactor, Duration heartbeatStaleness, Duration doneRetention,
                              Duration taskTtl, Duration checkpointInterval, String groupId, String service,
                              Delivery delivery) implements StreamingJob.Settings, Serializable {

    private static final long serialVersionUID = 1L;

    public EmissionsConfig {
        Objects.requireNonNull(accounting, "accounting");
        Objects.requireNonNull(intensityLimits, "intensityLimits");
        positive(minTimeout, "minTimeout");
        positive(heartbeatStaleness, "heartbeatStaleness");
        positive(doneRetention, "doneRetention");
        positive(taskTtl, "taskTtl");
        positive(checkpointInterval, "checkpointInterval");
        if (!(latencyFactor > 0) || !Double.isFinite(latencyFactor)) {
            throw new IllegalArgumentException("latencyFactor must be finite and > 0, was " + latencyFactor);
        }
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(delivery, "delivery");
    }

    /**
     * Timeout max(30 s, 20 × expected latency), heartbeats stale after 5 s, done-markers for 10 min, stored tasks
     * for at most 1 h, checkpoints every 2 s, EXACTLY_ONCE sinks with prefix {@code carbonedge-emissions}.
     */
    public static EmissionsConfig defaults() {
        return new EmissionsConfig(AccountingConfig.defaults(), IntensityLimits.defaults(), Duration.ofSeconds(30), 20.0,
                Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofSeconds(2),
                "carbonedge-emissions", "emissions", Delivery.exactlyOnce("carbonedge-emissions"));
    }

    /** How long a request under {@code plan} may take before its missing stage is acted on, milliseconds. */
    public long timeoutMillis(ExecutionPlan plan) {
        return Math.max(minTimeout.toMillis(), Math.round(latencyFactor * plan.getExpectedLatencyMillis()));
    }

    public EmissionsConfig withAccounting(AccountingConfig value) {
        return new EmissionsConfig(value, intensityLimits, minTimeout, latencyFactor, heartbeatStaleness, doneRetention,
                taskTtl, checkpointInterval, groupId, service, delivery);
    }

    public EmissionsConfig withTimeout(Duration min, double factor) {
        return new EmissionsConfig(accounting, intensityLimits, min, factor, heartbeatStaleness, doneRetention,
                taskTtl, checkpointInterval, groupId, service, delivery);
    }

    public EmissionsConfig withCheckpointInterval(Duration value) {
        return new EmissionsConfig(accounting, intensityLimits, minTimeout, latencyFactor, heartbeatStaleness,
                doneRetention, taskTtl, value, groupId, service, delivery);
    }

    public EmissionsConfig withKafka(String consumerGroupId, Delivery sinkDelivery) {
        return new EmissionsConfig(accounting, intensityLimits, minTimeout, latencyFactor, heartbeatStaleness,
                doneRetention, taskTtl, checkpointInterval, consumerGroupId, service, sinkDelivery);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
