package org.carbonedge.ingest.telemetry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceTelemetry;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.ingest.streams.StreamsService;
import org.carbonedge.ingest.streams.StreamsSettings;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;

/**
 * Kafka Streams service rolling {@code carbonedge.telemetry} up into {@code carbonedge.device-state} (compacted):
 * one current state per device, re-published on every heartbeat, and once more as DOWN when heartbeats stop.
 */
public final class TelemetryRollup extends StreamsService {

    static final String STORE = "device-states";
    /** Executors publish telemetry every second by default ({@code ExecutorSettings.of}). */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    /** Heartbeats a device may miss before it is marked DOWN. */
    public static final int DEFAULT_MISSED_HEARTBEATS = 3;

    private final ClientSettings clients;
    private final TopicCatalog catalog;
    private final DeviceStateRollup rollup;
    private final Duration checkEvery;
    private final Path stateDir;
    private final Clock clock;

    public TelemetryRollup(ClientSettings clients, TopicCatalog catalog, Duration heartbeatInterval,
                           int missedHeartbeats, Path stateDir, Clock clock) {
        this.clients = clients;
        this.catalog = catalog;
        this.rollup = new DeviceStateRollup(heartbeatInterval, missedHeartbeats);
        this.checkEvery = heartbeatInterval;
        this.stateDir = stateDir;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "telemetry-rollup";
    }

    /** The topology: telemetry → rollup (state store + liveness punctuation) → device-state. */
    public Topology topology() {
        Topic<DeviceTelemetry> telemetry = catalog.topic(Topics.TELEMETRY);
        Topic<DeviceState> states = catalog.topic(Topics.DEVICE_STATE);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), catalog.storeSerde(Topics.DEVICE_STATE)));
        builder.stream(telemetry.name(), Consumed.with(telemetry.keySerde(), telemetry.valueSerde()))
                .process(() -> new RollupProcessor(rollup, checkEvery, clock), STORE)
                .to(states.name(), Produced.with(states.keySerde(), states.valueSerde()));
        return builder.build();
    }

    @Override
    protected Properties settings() {
        return StreamsSettings.of(clients, "carbonedge-telemetry-rollup", stateDir);
    }

    /** Keeps the latest state per device and marks silent devices DOWN. */
    static final class RollupProcessor implements Processor<String, DeviceTelemetry, String, DeviceState> {
        private final DeviceStateRollup rollup;
        private final Duration checkEvery;
        private final Clock clock;
        private ProcessorContext<String, DeviceState> context;
        private KeyValueStore<String, DeviceState> store;

        RollupProcessor(DeviceStateRollup rollup, Duration checkEvery, Clock clock) {
            this.rollup = rollup;
            this.checkEvery = checkEvery;
            this.clock = clock;
        }

        @Override
        public void init(ProcessorContext<String, DeviceState> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
            context.schedule(checkEvery, PunctuationType.WALL_CLOCK_TIME, this::expire);
        }

        @Override
        public void process(Record<String, DeviceTelemetry> record) {
            if (record.value() == null) {
                return;
            }
            String deviceId = record.value().getDeviceId();
            DeviceState next = rollup.apply(store.get(deviceId), record.value(), clock.instant());
            store.put(deviceId, next);
            context.forward(new Record<>(deviceId, next, record.timestamp()));
        }

        private void expire(long wallClockMillis) {
            try (var all = store.all()) {
                while (all.hasNext()) {
                    var entry = all.next();
                    DeviceState down = rollup.expire(entry.value, clock.instant());
                    if (down != null) {
                        store.put(entry.key, down);
                        context.forward(new Record<>(entry.key, down, wallClockMillis));
                    }
                }
            }
        }
    }
}
