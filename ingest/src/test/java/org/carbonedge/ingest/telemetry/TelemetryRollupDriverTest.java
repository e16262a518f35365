package org.carbonedge.ingest.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.DeviceTelemetry;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RegistryClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.carbonedge.ingest.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The telemetry rollup in a {@link TopologyTestDriver}, its wall clock and the rollup's clock moved together by the
 * test: heartbeats fold into device states (load and power smoothed), a device silent for longer than its missed
 * heartbeats is marked DOWN by the punctuation (once), one that keeps beating is not, and undecodable telemetry is
 * dead-lettered by the shared handler.
 */
class TelemetryRollupDriverTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private SchemaRegistryServer registry;
    private TopologyTestDriver driver;
    private final MutableClock clock = new MutableClock(START);
    private TestInputTopic<String, DeviceTelemetry> telemetry;
    private TestOutputTopic<String, DeviceState> states;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        registry = SchemaRegistryServer.start(new InMemorySchemaStore(), "127.0.0.1", 0);
        ClientSettings clients = ClientSettings.of("127.0.0.1:1", registry.url());
        // every topic's schema registered up front, as `carbonedge up` does; the services' catalog does not register
        RegistryClient client = clients.registryClient();
        Topics.all().forEach(def -> client.register(def.valueSubject(), def.valueSchema()));
        TopicCatalog catalog = new TopicCatalog(client, false);
        TelemetryRollup rollup = new TelemetryRollup(clients, catalog, INTERVAL, 3, dir.resolve("streams"), clock);
        driver = new TopologyTestDriver(rollup.topology(), atLeastOnce(rollup.settings()), START);
        Topic<DeviceTelemetry> in = catalog.topic(Topics.TELEMETRY);
        telemetry = driver.createInputTopic(in.name(), new StringSerializer(), in.valueSerde().serializer());
        Topic<DeviceState> out = catalog.topic(Topics.DEVICE_STATE);
        states = driver.createOutputTopic(out.name(), new StringDeserializer(), out.valueSerde().deserializer());
        Topic<DeadLetter> dlq = catalog.topic(Topics.DEAD_LETTER);
        deadLetters = driver.createOutputTopic(dlq.name(), new StringDeserializer(), dlq.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /**
     * The app's settings, at-least-once. Under exactly-once the driver loses the dead letters Streams' deserialization
     * handler sends: they are sent while the record is enqueued, inside the open transaction of the driver's mock
     * producer, and the driver clears that producer before it commits. Everything else is the same either way.
     */
    static Properties atLeastOnce(Properties settings) {
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return settings;
    }

    /** Moves the driver's wall clock (firing due punctuations) and the rollup's clock by {@code d}. */
    private void advance(Duration d) {
        clock.advance(d);
        driver.advanceWallClockTime(d);
    }

    private void beat(String device, double utilization) {
        telemetry.pipeInput(device, Heartbeats.of(device, clock.now(), utilization, 2), clock.now());
    }

    @Test
    void heartbeatsRollUpIntoDeviceStateWithSmoothedLoad() {
        beat("edge-a", 0.4);
        advance(INTERVAL);
        beat("edge-a", 0.8);

        List<KeyValue<String, DeviceState>> out = states.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly("edge-a", "edge-a");
        DeviceState first = out.get(0).value;
        assertThat(first.getStatus()).isEqualTo(DeviceStatus.UP);
        assertThat(first.getLoad()).isCloseTo(0.4, within(1e-9));
        assertThat(first.getTaskCount()).isEqualTo(3); // queue 2 + 1 in flight
        DeviceState second = out.get(1).value;
        assertThat(second.getLoad()).isCloseTo(0.4 + DeviceStateRollup.ALPHA * (0.8 - 0.4), within(1e-9));
        assertThat(second.getPowerWatts()).isCloseTo(0.5 + 3.33 * 0.4 + DeviceStateRollup.ALPHA * 3.33 * 0.4,
                within(1e-9));
        assertThat(second.getLastHeartbeatAt()).isEqualTo(START.plus(INTERVAL));
        assertThat(second.getZone()).isEqualTo("DE");

        KeyValueStore<String, DeviceState> store = driver.getKeyValueStore(TelemetryRollup.STORE);
        assertThat(store.get("edge-a")).isEqualTo(second);
    }

    @Test
    void aDeviceThatGoesSilentIsMarkedDownByThePunctuationOnce() {
        beat("edge-a", 0.5);
        beat("edge-b", 0.5);
        assertThat(states.readValuesToList()).extracting(DeviceState::getStatus)
                .containsExactly(DeviceStatus.UP, DeviceStatus.UP);

        // edge-b keeps beating, edge-a falls silent; 3 missed heartbeats of 1 s are allowed
        for (int i = 0; i < 3; i++) {
            advance(INTERVAL);
            beat("edge-b", 0.5);
        }
        assertThat(states.readKeyValuesToList()).extracting(kv -> kv.key + "=" + kv.value.getStatus())
                .containsExactly("edge-b=UP", "edge-b=UP", "edge-b=UP");

        advance(INTERVAL.plusMillis(500)); // edge-a's last heartbeat is now 4.5 s old, edge-b's 1.5 s
        List<KeyValue<String, DeviceState>> down = states.readKeyValuesToList();
        assertThat(down).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("edge-a");
            assertThat(kv.value.getStatus()).isEqualTo(DeviceStatus.DOWN);
            assertThat(kv.value.getLoad()).isZero();
            assertThat(kv.value.getTaskCount()).isZero();
            assertThat(kv.value.getLastHeartbeatAt()).isEqualTo(START);
        });

        advance(INTERVAL.multipliedBy(2)); // edge-a's DOWN is not re-published; edge-b, silent 3.5 s now, goes DOWN
        List<KeyValue<String, DeviceState>> later = states.readKeyValuesToList();
        assertThat(later).extracting(kv -> kv.key + "=" + kv.value.getStatus()).containsExactly("edge-b=DOWN");
        KeyValueStore<String, DeviceState> store = driver.getKeyValueStore(TelemetryRollup.STORE);
        assertThat(store.get("edge-a").getStatus()).isEqualTo(DeviceStatus.DOWN);

        beat("edge-a", 0.2); // a heartbeat brings it back
        assertThat(states.readValuesToList()).extracting(DeviceState::getStatus).containsExactly(DeviceStatus.UP);
    }

    @Test
    void undecodableTelemetryIsDeadLettered() {
        driver.createInputTopic(Topics.TELEMETRY.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("edge-x", new byte[]{9, 9, 9});
        beat("edge-a", 0.5);

        assertThat(states.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("edge-a");
        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(l -> {
            assertThat(l.getSourceTopic()).isEqualTo(Topics.TELEMETRY.name());
            assertThat(l.getSourceOffset()).isZero();
            assertThat(l.getReason()).contains("too short for the Confluent wire format");
            assertThat(l.getService()).isEqualTo("carbonedge-telemetry-rollup");
        });
    }
}
