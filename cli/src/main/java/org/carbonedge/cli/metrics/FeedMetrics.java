package org.carbonedge.cli.metrics;

import java.time.Clock;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.common.metrics.Metrics;
import org.carbonedge.feed.replay.IntensitySink;

/**
 * A feed's metrics ({@link Metrics}, FEED): records published and the intensity valid now, per zone, observed on
 * the way into the Kafka sink ({@link #meter}).
 */
public final class FeedMetrics {

    /** Two days of hourly records per zone: enough to hold the current hour and a day-ahead forecast. */
    private static final int RECORDS_PER_ZONE = 48;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final IntensityBoard board = new IntensityBoard(RECORDS_PER_ZONE);
    private final Counter published = Metrics.FEED_RECORDS_PUBLISHED.counter(registry);

    public FeedMetrics(Clock clock) {
        Metrics.FEED_INTENSITY.gauge(registry, cb -> board.current(clock.instant()).forEach((zone, v) -> cb.call(v, zone)));
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** {@code sink}, counting and remembering every record it takes; closing the result leaves {@code sink} open. */
    public IntensitySink meter(IntensitySink sink) {
        return new IntensitySink() {
            @Override
            public void accept(GridIntensity record) {
                sink.accept(record);
                published.labelValues(record.getZone()).inc();
                board.add(record);
            }

            @Override
            public void flush() {
                sink.flush();
            }

            @Override
            public void close() {
                sink.flush();
            }
        };
    }
}
