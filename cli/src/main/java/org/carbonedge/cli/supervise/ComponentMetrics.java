package org.carbonedge.cli.supervise;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.carbonedge.common.Health;
import org.carbonedge.common.metrics.Metrics;

/**
 * {@code carbonedge_component_up{component}}: 1 while a supervised component is UP, 0 otherwise (starting, failed,
 * stopped), from the supervisor's last check; what an alert rule watches.
 */
public final class ComponentMetrics implements Consumer<Supervisor.Snapshot> {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private volatile List<Map.Entry<String, Health>> last = List.of();

    public ComponentMetrics() {
        Metrics.COMPONENT_UP.gauge(registry, cb -> last.forEach(e ->
                cb.call(e.getValue().state() == Health.State.UP ? 1 : 0, e.getKey())));
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void accept(Supervisor.Snapshot snapshot) {
        last = snapshot.components();
    }
}
