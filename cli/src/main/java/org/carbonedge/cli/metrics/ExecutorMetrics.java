package org.carbonedge.cli.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.carbonedge.common.metrics.Metrics;
import org.carbonedge.executor.device.DeviceProfile;
import org.carbonedge.executor.service.DeviceStats;

/**
 * An executor's metrics ({@link Metrics}, EXECUTOR), read from its {@link DeviceStats} at every scrape: the
 * executor itself knows nothing of Prometheus.
 */
public final class ExecutorMetrics {

    private ExecutorMetrics() {
    }

    /** A registry with the metrics of device {@code deviceId}. */
    public static PrometheusRegistry of(String deviceId, String zone, DeviceProfile profile, DeviceStats stats) {
        PrometheusRegistry registry = new PrometheusRegistry();
        Metrics.EXECUTOR_CPU_QUOTA.gauge(registry, cb -> cb.call(profile.cpuQuota(), deviceId, profile.name(), zone));
        Metrics.EXECUTOR_STAGES_COMPLETED.counter(registry, cb -> cb.call(stats.completed(), deviceId));
        Metrics.EXECUTOR_BUSY_SECONDS.counter(registry, cb -> cb.call(stats.busyNanos() / 1e9, deviceId));
        Metrics.EXECUTOR_ENERGY_JOULES.counter(registry, cb -> cb.call(stats.energyJoules(), deviceId));
        Metrics.EXECUTOR_UTILIZATION.gauge(registry, cb -> cb.call(stats.lastUtilization(), deviceId));
        Metrics.EXECUTOR_QUEUE_DEPTH.gauge(registry, cb -> cb.call(stats.queueDepth(), deviceId));
        Metrics.EXECUTOR_TASKS_IN_FLIGHT.gauge(registry, cb -> cb.call(stats.tasksInFlight(), deviceId));
        return registry;
    }
}
