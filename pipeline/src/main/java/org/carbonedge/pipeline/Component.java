package org.carbonedge.pipeline;

import java.util.function.Supplier;

import org.carbonedge.common.Health;
import org.carbonedge.common.Service;

/**
 * One supervised part of a running pipeline (the platform, a Streams app, an executor, a Flink job, the demo feed):
 * its name, as {@code carbonedge status} lists it, and how to ask its health.
 */
public record Component(String name, Supplier<Health> health) {

    public static Component of(Service service) {
        return new Component(service.name(), service::health);
    }

    /** Asks the component, turning an exception from the question itself into a FAILED answer. */
    public Health check() {
        try {
            Health h = health.get();
            return h == null ? Health.failed("no health reported") : h;
        } catch (RuntimeException e) {
            return Health.failed("health check failed: " + Health.describe(e));
        }
    }
}
