package org.carbonedge.common.metrics;

import java.util.List;

import org.carbonedge.common.metrics.MetricDef.Service;
import org.carbonedge.common.metrics.MetricDef.Type;

/**
 * The one catalog of CarbonEdge's Prometheus metrics, like {@link org.carbonedge.schemas.Topics} for topics. Services
 * register through these definitions, and the Grafana dashboard's test checks every query against them.
 */
public final class Metrics {

    /** Label: device id. */
    public static final String DEVICE = "device";
    /** Label: grid zone. */
    public static final String ZONE = "zone";
    /** Label: the ledger dimension a series belongs to (policy, zone, device, model, family). */
    public static final String DIMENSION = "dimension";
    /** Label: the value within the dimension (e.g. green, DE, edge-green, mnist-cnn). */
    public static final String VALUE = "value";

    // ---- edge executors (carbonedge executor --metrics-port) ----
    public static final MetricDef EXECUTOR_CPU_QUOTA = def("carbonedge_executor_cpu_quota", Type.GAUGE, Service.EXECUTOR,
            "CPU quota of the device's profile, cores; labels name the profile and grid zone", DEVICE, "profile", ZONE);
    public static final MetricDef EXECUTOR_STAGES_COMPLETED = def("carbonedge_executor_stages_completed", Type.COUNTER,
            Service.EXECUTOR, "Stages the device ran to completion", DEVICE);
    public static final MetricDef EXECUTOR_BUSY_SECONDS = def("carbonedge_executor_busy_seconds", Type.COUNTER,
            Service.EXECUTOR, "Device time spent on stages, throttled to the CPU quota, seconds (its rate is the utilisation)", DEVICE);
    public static final MetricDef EXECUTOR_ENERGY_JOULES = def("carbonedge_executor_energy_joules", Type.COUNTER,
            Service.EXECUTOR, "Energy charged to completed stages, joules", DEVICE);
    public static final MetricDef EXECUTOR_UTILIZATION = def("carbonedge_executor_utilization_ratio", Type.GAUGE,
            Service.EXECUTOR, "Utilisation over the last telemetry interval, 0..1", DEVICE);
    public static final MetricDef EXECUTOR_QUEUE_DEPTH = def("carbonedge_executor_queue_depth", Type.GAUGE,
            Service.EXECUTOR, "Tasks polled and waiting to run", DEVICE);
    public static final MetricDef EXECUTOR_TASKS_IN_FLIGHT = def("carbonedge_executor_tasks_in_flight", Type.GAUGE,
            Service.EXECUTOR, "Tasks running now", DEVICE);

    // ---- grid-intensity feeds (carbonedge feed demo|live, replay --metrics-port) ----
    public static final MetricDef FEED_INTENSITY = def("carbonedge_feed_intensity_gco2_per_kwh", Type.GAUGE, Service.FEED,
            "Grid carbon intensity valid now (else the latest published), gCO2/kWh", ZONE);
    public static final MetricDef FEED_RECORDS_PUBLISHED = def("carbonedge_feed_records_published", Type.COUNTER,
            Service.FEED, "Grid-intensity records handed to Kafka", ZONE);

    // ---- HTTP gateway (GET /metrics on its port) ----
    public static final MetricDef GATEWAY_REQUESTS_ACCEPTED = def("carbonedge_gateway_requests_accepted", Type.COUNTER,
            Service.GATEWAY, "Inference requests accepted (202, acknowledged by Kafka)");
    public static final MetricDef GATEWAY_REQUESTS_REJECTED = def("carbonedge_gateway_requests_rejected", Type.COUNTER,
            Service.GATEWAY, "Inference requests refused, by HTTP status", "status");
    public static final MetricDef GATEWAY_REQUEST_SECONDS = def("carbonedge_gateway_request_duration_seconds",
            Type.HISTOGRAM, Service.GATEWAY, "Time to answer POST /v1/infer, seconds");
    public static final MetricDef GATEWAY_TRACKED_REQUESTS = def("carbonedge_gateway_tracked_requests", Type.GAUGE,
            Service.GATEWAY, "Accepted requests whose outcome the gateway follows");
    public static final MetricDef GATEWAY_REQUESTS_HELD = def("carbonedge_gateway_requests_held", Type.COUNTER,
            Service.GATEWAY, "Accepted requests the router was seen holding for a cleaner grid (first notice of each)");

    // ---- emissions ledger (GET /metrics on its port; each instance exports the keys it owns) ----
    public static final MetricDef LEDGER_INFERENCES = def("carbonedge_ledger_inferences", Type.COUNTER, Service.LEDGER,
            "Inferences recorded, by dimension value and status (ok, failed, rejected)", DIMENSION, VALUE, "status");
    public static final MetricDef LEDGER_ENERGY_JOULES = def("carbonedge_ledger_energy_joules", Type.COUNTER,
            Service.LEDGER, "Device energy of recorded inferences, joules (before PUE)", DIMENSION, VALUE);
    public static final MetricDef LEDGER_GCO2 = def("carbonedge_ledger_gco2", Type.COUNTER, Service.LEDGER,
            "Emissions of recorded inferences (operational + transfer + embodied), gCO2e", DIMENSION, VALUE);
    public static final MetricDef LEDGER_OK_LATENCY_SECONDS = def("carbonedge_ledger_ok_latency_seconds", Type.COUNTER,
            Service.LEDGER, "Sum of end-to-end latencies of OK inferences, seconds (divide by OK inferences for the mean)",
            DIMENSION, VALUE);
    public static final MetricDef LEDGER_DEFERRED_INFERENCES = def("carbonedge_ledger_deferred_inferences",
            Type.COUNTER, Service.LEDGER, "Inferences of deferrable requests recorded (any status)", DIMENSION, VALUE);
    public static final MetricDef LEDGER_DEFERRED_HELD_SECONDS = def("carbonedge_ledger_deferred_held_seconds",
            Type.COUNTER, Service.LEDGER, "Sum of the time deferrable requests were held for a cleaner grid, seconds",
            DIMENSION, VALUE);
    public static final MetricDef LEDGER_DEFERRED_RUN_NOW_GCO2 = def("carbonedge_ledger_deferred_run_now_gco2",
            Type.COUNTER, Service.LEDGER,
            "Emissions deferrable requests would have had, run when the router first decided, gCO2e", DIMENSION, VALUE);
    public static final MetricDef LEDGER_SAVED_GCO2 = def("carbonedge_ledger_saved_gco2", Type.GAUGE, Service.LEDGER,
            "Emissions saved by waiting (run-now minus actual, over deferrable requests), gCO2e; a gauge, not a counter:"
                    + " a wrong forecast can make a saving negative", DIMENSION, VALUE);
    public static final MetricDef LEDGER_ACCURACY_INFERENCES = def("carbonedge_ledger_accuracy_inferences",
            Type.COUNTER, Service.LEDGER, "OK inferences whose record names the accuracy of the model variant that"
                    + " served them (requests with an accuracy floor)", DIMENSION, VALUE);
    public static final MetricDef LEDGER_ACCURACY_RATIO = def("carbonedge_ledger_accuracy_ratio", Type.COUNTER,
            Service.LEDGER, "Sum of the accuracies (shares in 0..1) delivered by those inferences (divide by"
                    + " accuracy inferences for the mean accuracy delivered)", DIMENSION, VALUE);

    // ---- supervision (carbonedge up --metrics-port; standalone services on their metrics endpoint) ----
    public static final MetricDef COMPONENT_UP = def("carbonedge_component_up", Type.GAUGE, Service.SUPERVISOR,
            "1 while a supervised component is up, 0 while it starts, failed or stopped", "component");

    private static final List<MetricDef> ALL = List.of(EXECUTOR_CPU_QUOTA, EXECUTOR_STAGES_COMPLETED,
            EXECUTOR_BUSY_SECONDS, EXECUTOR_ENERGY_JOULES, EXECUTOR_UTILIZATION, EXECUTOR_QUEUE_DEPTH,
            EXECUTOR_TASKS_IN_FLIGHT, FEED_INTENSITY, FEED_RECORDS_PUBLISHED, GATEWAY_REQUESTS_ACCEPTED,
            GATEWAY_REQUESTS_REJECTED, GATEWAY_REQUEST_SECONDS, GATEWAY_TRACKED_REQUESTS, GATEWAY_REQUESTS_HELD,
            LEDGER_INFERENCES, LEDGER_ENERGY_JOULES, LEDGER_GCO2, LEDGER_OK_LATENCY_SECONDS, LEDGER_DEFERRED_INFERENCES,
            LEDGER_DEFERRED_HELD_SECONDS, LEDGER_DEFERRED_RUN_NOW_GCO2, LEDGER_SAVED_GCO2, LEDGER_ACCURACY_INFERENCES,
            LEDGER_ACCURACY_RATIO, COMPONENT_UP);

    private Metrics() {
    }

    /** Every CarbonEdge metric. */
    public static List<MetricDef> all() {
        return ALL;
    }

    /** The metrics one kind of service exposes. */
    public static List<MetricDef> of(Service service) {
        return ALL.stream().filter(m -> m.service() == service).toList();
    }

    private static MetricDef def(String name, Type type, Service service, String help, String... labels) {
        return new MetricDef(name, type, service, help, List.of(labels));
    }
}
