package org.carbonedge.schemas;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceTelemetry;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.HeldRequest;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.ServiceEnergy;

/**
 * The one catalog of CarbonEdge topics. Every service names topics through these constants, so a topic's name,
 * value type and settings are defined once. Bind a definition to serdes with {@link TopicCatalog#topic}.
 */
public final class Topics {

    /** Prefix of every CarbonEdge topic. */
    public static final String PREFIX = "carbonedge.";
    /** Compacted topic holding the embedded schema registry's schemas and config. */
    public static final String SCHEMAS_STORE = PREFIX + "_schemas";

    private static final Map<String, String> DELETE_7D = Map.of("cleanup.policy", "delete", "retention.ms", "604800000");
    private static final Map<String, String> DELETE_1D = Map.of("cleanup.policy", "delete", "retention.ms", "86400000");
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");
    private static final Map<String, String> DELETE_30D = Map.of("cleanup.policy", "delete", "retention.ms", "2592000000");
    /**
     * Grid intensity carries event time (validFrom) as the record timestamp: historical replays (years old) must not
     * be deleted by time-based retention, and forecasts or rebased replays lie in the future, beyond the broker's
     * default 1 h limit. History is bounded by size instead.
     */
    private static final Map<String, String> INTENSITY_HISTORY = Map.of("cleanup.policy", "delete", "retention.ms", "-1",
            "retention.bytes", String.valueOf(1L << 30), "message.timestamp.after.max.ms", String.valueOf(366L * 24 * 3600 * 1000));

    /** Inference requests from users; key requestId. */
    public static final TopicDef<InferenceRequest> REQUESTS =
            def("requests", InferenceRequest.class, InferenceRequest.getClassSchema(), 4, DELETE_7D);
    /**
     * Requests the request validation (Kafka Streams) passed, byte for byte as published; key requestId. The router
     * reads these; the invalid ones went to the dead-letter topic.
     */
    public static final TopicDef<InferenceRequest> VALIDATED_REQUESTS =
            def("validated-requests", InferenceRequest.class, InferenceRequest.getClassSchema(), 4, DELETE_7D);
    /** Executor heartbeats; key deviceId. */
    public static final TopicDef<DeviceTelemetry> TELEMETRY =
            def("telemetry", DeviceTelemetry.class, DeviceTelemetry.getClassSchema(), 2, DELETE_1D);
    /** Rolled-up device state the router scores against; key deviceId; compacted. */
    public static final TopicDef<DeviceState> DEVICE_STATE =
            def("device-state", DeviceState.class, DeviceState.getClassSchema(), 1, COMPACT);
    /** Grid carbon intensity per zone; key zone; event time validFrom. */
    public static final TopicDef<GridIntensity> GRID_INTENSITY =
            def("grid-intensity", GridIntensity.class, GridIntensity.getClassSchema(), 1, INTENSITY_HISTORY);
    /** Partition manifests; key modelId; compacted. */
    public static final TopicDef<ModelManifest> MODELS =
            def("models", ModelManifest.class, ModelManifest.getClassSchema(), 1, COMPACT);
    /** Per-stage execution reports from executors; key requestId. */
    public static final TopicDef<PartitionResult> PARTITION_RESULTS =
            def("partition-results", PartitionResult.class, PartitionResult.getClassSchema(), 4, DELETE_7D);
    /** One emission record per inference (written exactly once); key requestId. */
    public static final TopicDef<EmissionRecord> EMISSIONS =
            def("emissions", EmissionRecord.class, EmissionRecord.getClassSchema(), 4, DELETE_30D);
    /**
     * Requests the router gave up on (REJECTED emission records); key requestId. Not for users: the emissions job
     * reads them and writes the one record per request to {@link #EMISSIONS}, so a request the router re-plans after a
     * restore (and gives up on) while its first plan already ran still ends in one record.
     */
    public static final TopicDef<EmissionRecord> REJECTIONS =
            def("rejections", EmissionRecord.class, EmissionRecord.getClassSchema(), 4, DELETE_7D);
    /**
     * Deferrable requests the router holds for a cleaner grid, with their planned release; key requestId. Read by the
     * gateway (status HELD); a request's outcome is still its one emission record.
     */
    public static final TopicDef<HeldRequest> HELD_REQUESTS =
            def("held-requests", HeldRequest.class, HeldRequest.getClassSchema(), 4, DELETE_7D);
    /**
     * Energy the pipeline itself used per interval (the control plane's CPU, devices' idle time), outside the
     * inferences' device time; key zone (one partition, like {@link #GRID_INTENSITY}, so the ledger prices it without
     * a repartition). The ledger's hourly totals share it out among the hour's inferences.
     */
    public static final TopicDef<ServiceEnergy> SERVICE_ENERGY =
            def("service-energy", ServiceEnergy.class, ServiceEnergy.getClassSchema(), 1, DELETE_30D);
    /** Records no service could use, with the reason and where they came from; key = source key. */
    public static final TopicDef<DeadLetter> DEAD_LETTER =
            def("dead-letter", DeadLetter.class, DeadLetter.getClassSchema(), 1, DELETE_30D);

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private Topics() {
    }

    /** Work queue of one device; key requestId. */
    public static TopicDef<PartitionTask> tasks(String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("invalid device id '" + deviceId + "': use 1-100 of [A-Za-z0-9._-]");
        }
        return def("tasks." + deviceId, PartitionTask.class, PartitionTask.getClassSchema(), 1, DELETE_1D);
    }

    /** Every fixed topic (device task topics are created per device). */
    public static List<TopicDef<? extends SpecificRecord>> all() {
        return List.of(REQUESTS, VALIDATED_REQUESTS, TELEMETRY, DEVICE_STATE, GRID_INTENSITY, MODELS, PARTITION_RESULTS,
                REJECTIONS, HELD_REQUESTS, EMISSIONS, SERVICE_ENERGY, DEAD_LETTER);
    }

    /**
     * The registry subjects of every fixed topic's values: the pipeline's own, which a registry serving it lets gain
     * compatible versions but never deletes (deleting carbonedge.requests-value would stop all publishing, a hard
     * delete make stored records unreadable).
     */
    public static java.util.Set<String> valueSubjects() {
        return all().stream().map(TopicDef::valueSubject).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether {@code topic} carries inference requests (as published, or validated): a dead letter from it is a request's. */
    public static boolean carriesRequests(String topic) {
        return REQUESTS.name().equals(topic) || VALIDATED_REQUESTS.name().equals(topic);
    }

    private static <V extends SpecificRecord> TopicDef<V> def(
            String shortName, Class<V> type, Schema schema, int partitions, Map<String, String> configs) {
        return new TopicDef<>(PREFIX + shortName, type, schema, partitions, configs);
    }
}
