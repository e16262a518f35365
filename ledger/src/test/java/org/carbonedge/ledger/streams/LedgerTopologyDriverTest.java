package org.carbonedge.ledger.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.ingest.streams.StreamsSettings;
import org.carbonedge.ledger.Emissions;
import org.carbonedge.ledger.core.Totals;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.RegistryClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's topology in a {@link TopologyTestDriver} (its repartition step included): emission records are totalled
 * per dimension key in the {@link LedgerTopology#STORE} store; a record whose figures do not add up and undecodable
 * bytes are dead-lettered and count nowhere.
 */
class LedgerTopologyDriverTest {

    private static final String APP = "carbonedge-ledger-driver-test";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    private SchemaRegistryServer registry;
    private TopologyTestDriver driver;
    private TestInputTopic<String, EmissionRecord> emissions;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private KeyValueStore<String, Totals> totals;

    @BeforeEach
    void start() {
        registry = SchemaRegistryServer.start(new InMemorySchemaStore(), "127.0.0.1", 0);
        ClientSettings clients = ClientSettings.of("127.0.0.1:1", registry.url());
        // every topic's schema registered up front, as `carbonedge up` does; the services' catalog does not register
        RegistryClient client = clients.registryClient();
        Topics.all().forEach(def -> client.register(def.valueSubject(), def.valueSchema()));
        TopicCatalog catalog = new TopicCatalog(client, false);
        driver = new TopologyTestDriver(LedgerTopology.build(catalog, APP, Clock.fixed(NOW, ZoneOffset.UTC),
                List.of("tenant")), atLeastOnce(StreamsSettings.of(clients, APP, dir.resolve("streams"))));
        Topic<EmissionRecord> in = catalog.topic(Topics.EMISSIONS);
        emissions = driver.createInputTopic(in.name(), new StringSerializer(), in.valueSerde().serializer());
        Topic<DeadLetter> dlq = catalog.topic(Topics.DEAD_LETTER);
        deadLetters = driver.createOutputTopic(dlq.name(), new StringDeserializer(), dlq.valueSerde().deserializer());
        totals = driver.getKeyValueStore(LedgerTopology.STORE);
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
     * The ledger's settings, at-least-once. Under exactly-once the driver loses the dead letters Streams'
     * deserialization handler sends: they are sent while the record is enqueued, inside the open transaction of the
     * driver's mock producer, and the driver clears that producer before it commits. The totals are the same either way.
     */
    private static Properties atLeastOnce(Properties settings) {
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return settings;
    }

    private Map<String, Totals> all() {
        Map<String, Totals> out = new HashMap<>();
        try (var it = totals.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    /**
     * Issue #18's whole boundary: service energy is priced at its zone's latest MEASURED intensity (a later forecast
     * does not move it), counted under all, hour, zone (and device for idle time), and shared over the inferences only
     * when read; without an intensity it is unpriced energy; a bad record is one dead letter with its reason.
     */
    @Test
    void serviceEnergyIsPricedAndTotalledBesideTheInferences() {
        Topic<org.carbonedge.avro.GridIntensity> gridTopic = catalogTopic(Topics.GRID_INTENSITY);
        Topic<org.carbonedge.avro.ServiceEnergy> energyTopic = catalogTopic(Topics.SERVICE_ENERGY);
        var grid = driver.createInputTopic(gridTopic.name(), new StringSerializer(), gridTopic.valueSerde().serializer());
        var energy = driver.createInputTopic(energyTopic.name(), new StringSerializer(),
                energyTopic.valueSerde().serializer());
        Instant end = Instant.parse("2026-11-27T00:04:00Z");
        grid.pipeInput("DE", intensity("DE", 300, org.carbonedge.avro.IntensityKind.MEASURED));
        grid.pipeInput("DE", intensity("DE", 50, org.carbonedge.avro.IntensityKind.FORECAST));
        emissions.pipeInput("r1", Emissions.twoDeviceOk()); // one OK inference, completed 00:05
        double deviceGco2 = all().get("all").totalGco2();

        energy.pipeInput("DE", serviceEnergy("embedded", org.carbonedge.avro.ServiceEnergyKind.CONTROL_PLANE, "DE",
                end, 36.0, 1.5));
        energy.pipeInput("DE", serviceEnergy("edge-a", org.carbonedge.avro.ServiceEnergyKind.DEVICE_IDLE, "DE", end,
                72.0, 1.0));
        energy.pipeInput("GB", serviceEnergy("gb-host", org.carbonedge.avro.ServiceEnergyKind.CONTROL_PLANE, "GB", end,
                10.0, 1.0));
        energy.pipeInput("DE", serviceEnergy("bad", org.carbonedge.avro.ServiceEnergyKind.CONTROL_PLANE, "DE", end,
                -1.0, 1.0));
        energy.pipeInput("FR", serviceEnergy("misfiled", org.carbonedge.avro.ServiceEnergyKind.CONTROL_PLANE, "DE", end,
                1.0, 1.0));

        Map<String, Totals> t = all();
        Totals all = t.get("all");
        double controlPlane = 36.0 * 1.5 / 3.6e6 * 300; // PUE 1.5, at the measured 300 (not the forecast 50)
        double idle = 72.0 / 3.6e6 * 300;
        assertThat(all.controlPlaneEnergyJoules()).isCloseTo(46.0, within(1e-9));
        assertThat(all.controlPlaneGco2()).isCloseTo(controlPlane, within(1e-15));
        assertThat(all.idleEnergyJoules()).isCloseTo(72.0, within(1e-9));
        assertThat(all.idleGco2()).isCloseTo(idle, within(1e-15));
        assertThat(all.unpricedOverheadJoules()).as("GB has no intensity yet").isCloseTo(10.0, within(1e-9));
        assertThat(all.totalGco2()).as("the device boundary is untouched").isCloseTo(deviceGco2, within(1e-15));
        assertThat(all.inferencesOk()).isEqualTo(1);
        assertThat(all.wholeBoundaryGco2PerInference()).isCloseTo(deviceGco2 + controlPlane + idle, within(1e-15));
        assertThat(all.controlPlaneShare()).isCloseTo(controlPlane / (deviceGco2 + controlPlane + idle), within(1e-12));
        assertThat(t.get("hour:2026-11-27T00:00Z").controlPlaneGco2()).isCloseTo(controlPlane, within(1e-15));
        assertThat(t.get("zone:DE").idleGco2()).isCloseTo(idle, within(1e-15));
        assertThat(t.get("hour:2026-11-27T00:00Z|zone:DE").controlPlaneEnergyJoules()).isCloseTo(36.0, within(1e-9));
        assertThat(t.get("device:edge-a").idleEnergyJoules()).isCloseTo(72.0, within(1e-9));
        assertThat(t).doesNotContainKey("device:embedded");

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).getReason()).contains("energyJoules must be finite and >= 0");
        assertThat(letters.get(1).getReason()).contains("key is not the record's zone");
    }

    private <V extends org.apache.avro.specific.SpecificRecord> Topic<V> catalogTopic(
            org.carbonedge.schemas.TopicDef<V> def) {
        RegistryClient client = ClientSettings.of("127.0.0.1:1", registry.url()).registryClient();
        return new TopicCatalog(client, false).topic(def);
    }

    private static org.carbonedge.avro.GridIntensity intensity(String zone, double gco2PerKwh,
                                                               org.carbonedge.avro.IntensityKind kind) {
        return org.carbonedge.avro.GridIntensity.newBuilder().setZone(zone)
                .setValidFrom(Instant.parse("2026-11-27T00:00:00Z")).setValidTo(Instant.parse("2026-11-27T01:00:00Z"))
                .setGco2PerKwh(gco2PerKwh).setSignal(org.carbonedge.avro.SignalType.AVERAGE).setKind(kind)
                .setSource("test").setPublishedAt(null).build();
    }

    private static org.carbonedge.avro.ServiceEnergy serviceEnergy(String service,
            org.carbonedge.avro.ServiceEnergyKind kind, String zone, Instant end, double joules, double pue) {
        return org.carbonedge.avro.ServiceEnergy.newBuilder().setService(service).setKind(kind).setZone(zone)
                .setIntervalStart(end.minusSeconds(10)).setIntervalEnd(end).setCpuNanos(0).setIdleNanos(0)
                .setEnergyJoules(joules).setPue(pue).setSource("test").build();
    }

    @Test
    void emissionRecordsAreTotalledPerDimension() {
        EmissionRecord ok = Emissions.twoDeviceOk();
        ok.setAttributes(Map.of("tenant", "acme"));
        emissions.pipeInput("r1", ok);
        emissions.pipeInput("r2", Emissions.oneDeviceFailed());
        emissions.pipeInput("r3", Emissions.rejected());

        Map<String, Totals> t = all();
        Totals all = t.get("all");
        assertThat(all.inferencesOk()).isEqualTo(1);
        assertThat(all.inferencesFailed()).isEqualTo(1);
        assertThat(all.inferencesRejected()).isEqualTo(1);
        assertThat(all.energyJoules()).isCloseTo(3.6 + 0.36 + 1.8 + 2.4, within(1e-9));
        assertThat(all.totalGco2()).isCloseTo(0.4 + 0.04 + 0.05 + 0.08 + 0.3 + 0.04, within(1e-9));
        assertThat(all.okLatencyMillisSum()).isCloseTo(120, within(1e-9));
        assertThat(all.firstCompletedAt()).isEqualTo(Instant.parse("2026-11-26T23:15:00Z"));
        assertThat(all.lastCompletedAt()).isEqualTo(Instant.parse("2026-11-27T00:05:00Z"));

        // per device: its stages, the transfers it sent and its share of embodied carbon (by compute time)
        Totals edgeA = t.get("device:edge-a");
        assertThat(edgeA.inferences()).isEqualTo(2);
        assertThat(edgeA.energyJoules()).isCloseTo(3.6 + 0.36 + 2.4, within(1e-9));
        assertThat(edgeA.embodiedGco2()).isCloseTo(0.08 * 60 / 80 + 0.04, within(1e-9));
        Totals edgeB = t.get("device:edge-b");
        assertThat(edgeB.inferencesOk()).isEqualTo(1);
        assertThat(edgeB.energyJoules()).isCloseTo(1.8, within(1e-9));
        assertThat(edgeB.facilityEnergyJoules()).isCloseTo(1.8 * 1.2, within(1e-9));
        assertThat(t.get("zone:FR").totalGco2()).isCloseTo(0.05 + 0.08 * 20 / 80, within(1e-9));
        assertThat(t.get("zone:DE").inferences()).isEqualTo(2);

        // record-wide keys; a rejected record touches no device or zone
        assertThat(t.get("model:mnist-cnn").inferences()).isEqualTo(2);
        assertThat(t.get("model:squeezenet").inferencesRejected()).isEqualTo(1);
        assertThat(t.get("policy:green").inferences()).isEqualTo(2);
        assertThat(t.get("model:mnist-cnn|policy:performance").inferencesFailed()).isEqualTo(1);
        assertThat(t.get("hour:2026-11-26T23:00Z").inferences()).isEqualTo(2);
        assertThat(t.get("hour:2026-11-27T00:00Z").inferencesFailed()).isEqualTo(1);
        assertThat(t.get("hour:2026-11-26T23:00Z|zone:FR").inferencesOk()).isEqualTo(1);
        assertThat(t.get("label:tenant=acme").inferencesOk()).isEqualTo(1);
        assertThat(t.keySet()).noneMatch(k -> k.contains("squeezenet") && k.startsWith("device"));
        assertThat(deadLetters.isEmpty()).isTrue();

        // totals grow: the same figures again double every key
        emissions.pipeInput("r4", Emissions.oneDeviceFailed());
        assertThat(totals.get("all").inferencesFailed()).isEqualTo(2);
        assertThat(totals.get("device:edge-a").energyJoules()).isCloseTo(3.6 + 0.36 + 2.4 * 2, within(1e-9));
    }

    @Test
    void recordsThatCannotBeCountedAreDeadLetteredAndCountNowhere() {
        EmissionRecord bad = EmissionRecord.newBuilder(Emissions.twoDeviceOk()).setRequestId("bad")
                .setEnergyJoules(99).build();
        emissions.pipeInput("bad", bad);
        driver.createInputTopic(Topics.EMISSIONS.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("garbage", new byte[]{0, 0, 0});
        emissions.pipeInput("r2", Emissions.oneDeviceFailed());

        List<KeyValue<String, DeadLetter>> letters = deadLetters.readKeyValuesToList();
        assertThat(letters).extracting(kv -> kv.key).containsExactly("bad", "garbage");
        DeadLetter notCountable = letters.get(0).value;
        assertThat(notCountable.getReason()).contains("energyJoules 99.0 differs from");
        assertThat(notCountable.getService()).isEqualTo(APP);
        assertThat(notCountable.getSourceTopic()).isEqualTo(Topics.EMISSIONS.name());
        assertThat(notCountable.getSourceOffset()).isZero();
        assertThat(notCountable.getFailedAt()).isEqualTo(NOW);
        DeadLetter undecodable = letters.get(1).value;
        assertThat(undecodable.getReason()).startsWith("undecodable record");
        assertThat(undecodable.getSourceOffset()).isEqualTo(1);

        Map<String, Totals> t = all();
        assertThat(t.get("all").inferences()).isEqualTo(1);
        assertThat(t.get("all").inferencesFailed()).isEqualTo(1);
        assertThat(t).doesNotContainKey("device:edge-b");
    }

    @Test
    void deferredInferencesAreTotalledAndANonFiniteRunNowFigureIsDeadLettered() {
        emissions.pipeInput("d1", Emissions.deferred(Emissions.twoDeviceOk(), "d1", 0.95, 7_200_000));
        emissions.pipeInput("d2", Emissions.deferred(Emissions.oneDeviceFailed(), "d2", 0.24, 1_800_000));
        emissions.pipeInput("r3", Emissions.rejected());
        emissions.pipeInput("nan", Emissions.deferred(Emissions.twoDeviceOk(), "nan", Double.NaN, 60_000));
        emissions.pipeInput("inf", Emissions.deferred(Emissions.twoDeviceOk(), "inf", Double.NEGATIVE_INFINITY, 0));

        List<KeyValue<String, DeadLetter>> letters = deadLetters.readKeyValuesToList();
        assertThat(letters).extracting(kv -> kv.key).containsExactly("nan", "inf");
        assertThat(letters.get(0).value.getReason()).isEqualTo("emission record nan: runNowGco2 NaN is not a finite number >= 0");
        assertThat(letters.get(1).value.getReason()).contains("runNowGco2 -Infinity");

        Map<String, Totals> t = all();
        Totals all = t.get("all");
        assertThat(all.inferences()).isEqualTo(3);
        assertThat(all.deferredInferences()).isEqualTo(2);
        assertThat(all.deferredHeldMillis()).isEqualTo(9_000_000);
        assertThat(all.deferredRunNowGco2()).isCloseTo(1.19, within(1e-9));
        assertThat(all.savedGco2()).isCloseTo(0.38 - 0.1, within(1e-9)); // d2 waited and emitted 0.1 g more
        assertThat(t.get("policy:performance").savedGco2()).isCloseTo(-0.1, within(1e-9));
        assertThat(t.get("model:squeezenet").deferredInferences()).isZero();
        assertThat(t.get("device:edge-a").deferredInferences()).isEqualTo(2);
        assertThat(t.get("zone:DE").savedGco2() + t.get("zone:FR").savedGco2()).isCloseTo(0.28, within(1e-9));
    }

    @Test
    void familiesAndTheAccuracyDeliveredAreTotalledAndAnAccuracyOutsideZeroToOneIsDeadLettered() {
        emissions.pipeInput("v1", Emissions.variant(Emissions.twoDeviceOk(), "v1", "mobilenetv2", "mobilenetv2-w075",
                0.698));
        emissions.pipeInput("v2", Emissions.variant(Emissions.twoDeviceOk(), "v2", "mobilenetv2", "mobilenetv2-w050",
                0.654));
        emissions.pipeInput("v3", Emissions.variant(Emissions.oneDeviceFailed(), "v3", "mobilenetv2",
                "mobilenetv2-w075", 0.698));
        emissions.pipeInput("r1", Emissions.twoDeviceOk());
        emissions.pipeInput("pct", Emissions.variant(Emissions.twoDeviceOk(), "pct", "mobilenetv2",
                "mobilenetv2-w075", 69.8));
        emissions.pipeInput("nan", Emissions.variant(Emissions.twoDeviceOk(), "nan", "mobilenetv2",
                "mobilenetv2-w075", Double.NaN));

        List<KeyValue<String, DeadLetter>> letters = deadLetters.readKeyValuesToList();
        assertThat(letters).extracting(kv -> kv.key).containsExactly("pct", "nan");
        assertThat(letters.get(0).value.getReason()).isEqualTo("emission record pct: accuracy 69.8 is not a share in [0, 1]");
        assertThat(letters.get(1).value.getReason()).contains("accuracy NaN");

        Map<String, Totals> t = all();
        Totals family = t.get("family:mobilenetv2");
        assertThat(family.inferences()).isEqualTo(3);
        assertThat(family.accuracyInferences()).isEqualTo(2); // the failed one delivered nothing
        assertThat(family.meanAccuracy()).isCloseTo(0.676, within(1e-9));
        assertThat(family.totalGco2()).isCloseTo(0.57 * 2 + 0.34, within(1e-9)); // but its carbon counts
        assertThat(t.get("family:mobilenetv2|model:mobilenetv2-w050").meanAccuracy()).isCloseTo(0.654, within(1e-9));
        assertThat(t.get("family:mobilenetv2|model:mobilenetv2-w075").inferencesFailed()).isEqualTo(1);
        assertThat(t.get("all").inferences()).isEqualTo(4);
        assertThat(t.get("all").accuracyInferences()).isEqualTo(2);
        assertThat(t.get("model:mnist-cnn").meanAccuracy()).isNaN();
        assertThat(t.keySet()).filteredOn(k -> k.startsWith("family:")).hasSize(3);
    }
}
