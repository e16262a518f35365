package org.carbonedge.ingest.streams;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.carbonedge.common.Health;
import org.carbonedge.common.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of a CarbonEdge Kafka Streams app: its topology and settings, started and closed as a {@link Service}.
 * An exception that escapes the topology (bad records never do: they are dead-lettered) shuts the client down
 * instead of leaving a zombie, and {@link #health()} says FAILED with that exception, so the supervisor acts.
 */
public abstract class StreamsService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    private KafkaStreams streams;
    private volatile boolean closed;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();

    /** The app's topology. */
    public abstract Topology topology();

    /** The app's Streams configuration ({@link StreamsSettings#of} with the app's changes). */
    protected abstract Properties settings();

    @Override
    public void start() {
        streams = new KafkaStreams(topology(), settings());
        streams.setUncaughtExceptionHandler(e -> {
            fatal.compareAndSet(null, e);
            LOG.error("{} stopped by an uncaught exception: {}", name(), Health.describe(e), e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    @Override
    public Health health() {
        if (closed) {
            return Health.stopped();
        }
        KafkaStreams.State state = state();
        Throwable cause = fatal.get();
        return switch (state) {
            case RUNNING -> Health.up();
            case CREATED, REBALANCING -> Health.starting(state.name().toLowerCase());
            case ERROR, PENDING_ERROR, PENDING_SHUTDOWN, NOT_RUNNING -> Health.failed(cause != null
                    ? "stream thread died: " + Health.describe(cause)
                    : "Kafka Streams client is " + state + " although nobody closed it");
        };
    }

    @Override
    public void close() {
        closed = true;
        if (streams != null) {
            // a clean stop leaves the group at once (static members would otherwise hold their partitions until the
            // session times out); a crash keeps the membership, so the restarted instance takes them back at once
            streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }
}
