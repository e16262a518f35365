package org.carbonedge.common.metrics;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * One metric a CarbonEdge service exposes: its name, type, help text, label names and which service exposes it.
 * Services register metrics only through these definitions, so the names in code, in the README and in the
 * Grafana dashboard come from one place ({@link Metrics}).
 *
 * @param name    base name as registered; counters are scraped as {@code name_total}, histograms as
 *                {@code name_bucket}, {@code name_sum} and {@code name_count}
 * @param type    counter, gauge or histogram
 * @param service the kind of service that exposes it
 * @param help    what it measures, with its unit
 * @param labels  label names, in the order values are given
 */
public record MetricDef(String name, Type type, Service service, String help, List<String> labels) {

    /** Prometheus metric types CarbonEdge uses. */
    public enum Type { COUNTER, GAUGE, HISTOGRAM }

    /** Kinds of CarbonEdge services with a metrics endpoint. */
    public enum Service { EXECUTOR, FEED, GATEWAY, LEDGER, SUPERVISOR }

    private static final Pattern NAME = Pattern.compile("carbonedge_[a-z0-9_]+");

    public MetricDef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(help, "help");
        if (name == null || !NAME.matcher(name).matches() || name.endsWith("_total")) {
            throw new IllegalArgumentException("metric name '" + name + "' must be carbonedge_[a-z0-9_]+ without _total");
        }
        labels = List.copyOf(labels);
    }

    /** The names of the samples a scrape shows for this metric. */
    public List<String> sampleNames() {
        return switch (type) {
            case COUNTER -> List.of(name + "_total");
            case GAUGE -> List.of(name);
            case HISTOGRAM -> List.of(name + "_bucket", name + "_sum", name + "_count");
        };
    }

    /** Registers a counter the caller increments. */
    public Counter counter(PrometheusRegistry registry) {
        expect(Type.COUNTER);
        return Counter.builder().name(name).help(help).labelNames(labelArray()).register(registry);
    }

    /** Registers a counter read at every scrape (e.g. from a running total). */
    public CounterWithCallback counter(PrometheusRegistry registry, Consumer<CounterWithCallback.Callback> read) {
        expect(Type.COUNTER);
        return CounterWithCallback.builder().name(name).help(help).labelNames(labelArray()).callback(read)
                .register(registry);
    }

    /** Registers a gauge the caller sets. */
    public Gauge gauge(PrometheusRegistry registry) {
        expect(Type.GAUGE);
        return Gauge.builder().name(name).help(help).labelNames(labelArray()).register(registry);
    }

    /** Registers a gauge read at every scrape. */
    public GaugeWithCallback gauge(PrometheusRegistry registry, Consumer<GaugeWithCallback.Callback> read) {
        expect(Type.GAUGE);
        return GaugeWithCallback.builder().name(name).help(help).labelNames(labelArray()).callback(read)
                .register(registry);
    }

    /** Registers a histogram with classic buckets at {@code upperBounds} (Prometheus text format shows those). */
    public Histogram histogram(PrometheusRegistry registry, double... upperBounds) {
        expect(Type.HISTOGRAM);
        return Histogram.builder().name(name).help(help).labelNames(labelArray()).classicOnly()
                .classicUpperBounds(upperBounds).register(registry);
    }

    private String[] labelArray() {
        return labels.toArray(String[]::new);
    }

    private void expect(Type expected) {
        if (type != expected) {
            throw new IllegalStateException(name + " is a " + type + ", not a " + expected);
        }
    }
}
