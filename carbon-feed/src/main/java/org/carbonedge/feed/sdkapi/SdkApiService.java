package org.carbonedge.feed.sdkapi;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Health;
import org.carbonedge.common.Service;
import org.carbonedge.common.http.AccessCheck;
import org.carbonedge.common.http.HttpListener;
import org.carbonedge.common.http.HttpListenerSettings;
import org.carbonedge.feed.kafka.IntensityFollower;
import org.carbonedge.schemas.TopicCatalog;

/**
 * {@code carbonedge feed serve-sdk-api}: follows {@code carbonedge.grid-intensity} from the beginning
 * (read_committed, every partition assigned, no consumer group, nothing committed) into an {@link IntensityStore},
 * and serves it through the Carbon Aware SDK Web API's read endpoints ({@link SdkApiHandler}) on an
 * {@link HttpListener}: loopback unless told otherwise, GET only, no request bodies. A record that does not decode
 * is skipped with a warning; a consumer that stops makes the service FAILED.
 */
public final class SdkApiService implements Service {

    private final HttpListenerSettings http;
    private final IntensityStore store;
    private final SdkQueries queries;
    private final Duration startTimeout;
    private final IntensityFollower follower;
    private HttpListener listener;

    public SdkApiService(ClientSettings settings, TopicCatalog catalog, HttpListenerSettings http, IntensityStore store,
                         Clock clock, Duration startTimeout) {
        this.http = http.withMaxBodyBytes(1024); // GET only: no request carries a body worth reading
        this.store = store;
        this.queries = new SdkQueries(store, clock);
        this.startTimeout = startTimeout;
        this.follower = new IntensityFollower(settings, catalog, "carbonedge-sdk-api", store::add);
    }

    @Override
    public String name() {
        return "sdk-api";
    }

    @Override
    public synchronized void start() {
        follower.start(startTimeout);
        listener = HttpListener.start("sdk-api", http, SdkJson.errorFormat(), AccessCheck.OPEN,
                Map.of("/", new SdkApiHandler(queries)));
    }

    /** The store the consumer fills (for tests and the status line). */
    public IntensityStore store() {
        return store;
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8095}. */
    public String url() {
        return listener == null ? null : listener.url();
    }

    @Override
    public Health health() {
        return follower.health(store.counts());
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close();
        }
        follower.close();
    }
}
