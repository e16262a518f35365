package org.carbonedge.ingest.streams;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.carbonedge.common.Service;

/** The lifecycle of a CarbonEdge Kafka Streams app: its topology and settings, started and closed as a {@link Service}. */
public abstract class StreamsService implements Service {

    private KafkaStreams streams;

    /** The app's topology. */
    public abstract Topology topology();

    /** The app's Streams configuration ({@link StreamsSettings#of} with the app's changes). */
    protected abstract Properties settings();

    @Override
    public void start() {
        streams = new KafkaStreams(topology(), settings());
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
    }
}
