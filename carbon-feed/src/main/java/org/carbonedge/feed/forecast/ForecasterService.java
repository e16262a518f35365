package org.carbonedge.feed.forecast;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.carbonedge.avro.GridIntensity;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Health;
import org.carbonedge.common.Service;
import org.carbonedge.feed.kafka.IntensityFollower;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.schemas.TopicCatalog;

/**
 * {@code carbonedge feed forecaster}: the built-in forecaster as a service. It follows
 * {@code carbonedge.grid-intensity} from the beginning ({@link IntensityFollower}) through a
 * {@link ZoneForecastIssuer} and publishes each zone's forecast, issued hourly from what was measured before, back to
 * the same topic as FORECAST records ({@code source} carbonedge-seasonal, {@code publishedAt} the issue time), so
 * any consumer — the router's deferral above all — sees them. While it reads what was on the topic when it started
 * it publishes nothing (those forecasts were published before, or are past); zones with a provider forecast are left
 * to it. A consumer or producer that fails makes the service FAILED.
 */
public final class ForecasterService implements Service {

    private final ClientSettings settings;
    private final ZoneForecastIssuer issuer;
    private final Duration startTimeout;
    private final IntensityFollower follower;
    private final AtomicLong published = new AtomicLong();
    private volatile KafkaIntensitySink sink;

    public ForecasterService(ClientSettings settings, TopicCatalog catalog, ZoneForecastIssuer issuer,
                             Duration startTimeout) {
        this.settings = settings;
        this.issuer = issuer;
        this.startTimeout = startTimeout;
        this.follower = new IntensityFollower(settings, catalog, "carbonedge-forecaster", this::accept);
    }

    @Override
    public String name() {
        return "forecaster";
    }

    @Override
    public synchronized void start() {
        sink = KafkaIntensitySink.open(settings, "carbonedge-forecaster", ProducerTuning.LOW_LATENCY);
        follower.start(startTimeout);
    }

    /** On the follower's thread: issue, and publish once live. */
    private void accept(GridIntensity record) {
        List<GridIntensity> forecast = issuer.accept(record);
        if (forecast.isEmpty() || !follower.caughtUp()) {
            return;
        }
        forecast.forEach(sink::accept);
        sink.flush();
        published.addAndGet(forecast.size());
    }

    /** FORECAST records published so far. */
    public long published() {
        return published.get();
    }

    @Override
    public Health health() {
        KafkaIntensitySink s = sink;
        if (s != null && s.failed() > 0) {
            return Health.failed(s.failed() + " forecast records were not acknowledged by Kafka");
        }
        return follower.health("zones=" + issuer.zones() + " issued=" + issuer.issued() + " published="
                + published.get());
    }

    @Override
    public synchronized void close() {
        follower.close();
        if (sink != null) {
            sink.close();
        }
    }
}
