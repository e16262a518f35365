package org.carbonedge.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.ModelManifest;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Health;
import org.carbonedge.executor.device.DeviceProfile;
import org.carbonedge.executor.device.DeviceProfiles;
import org.carbonedge.core.energy.HostPowerModel;
import org.carbonedge.executor.energy.ProcessCpuMeter;
import org.carbonedge.executor.energy.ServiceEnergyReporter;
import org.carbonedge.executor.service.EdgeExecutor;
import org.carbonedge.executor.service.ExecutorSettings;
import org.carbonedge.feed.demo.DemoFeed;
import org.carbonedge.feed.kafka.KafkaIntensitySink;
import org.carbonedge.feed.kafka.ProducerTuning;
import org.carbonedge.feed.replay.ReplayClock;
import org.carbonedge.feed.replay.ZoneAliases;
import org.carbonedge.ingest.telemetry.TelemetryRollup;
import org.carbonedge.ingest.validation.RequestValidation;
import org.carbonedge.jobs.emissions.EmissionsConfig;
import org.carbonedge.jobs.emissions.EmissionsJob;
import org.carbonedge.jobs.router.RouterConfig;
import org.carbonedge.jobs.router.RouterJob;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.platform.registry.auth.RegistryUsers;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicProvisioner;
import org.carbonedge.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole CarbonEdge pipeline on one machine: broker and registry, telemetry rollup, request validation, edge executors, the demo
 * grid-intensity feed, built-in models registered, and the router and emissions Flink jobs on local MiniClusters.
 * What {@code carbonedge up} runs and what the demo and experiments drive. Services start in dependency order and
 * stop in reverse.
 */
public final class EmbeddedPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPipeline.class);

    /**
     * @param dataDir      broker data, model store, Flink checkpoints and Streams state live here
     * @param kafkaPort    0 for any free port
     * @param registryPort 0 for any free port
     * @param devices      executors to run
     * @param models       built-in models to build and register (mnist-cnn, mobilenetv2, efficientnet-b0)
     * @param parts        partitions per model
     * @param demoFeed     publish the built-in demo intensity profiles (from a day ago to a day ahead)
     * @param router       router job settings (null: {@link RouterConfig#defaults()})
     * @param emissions    emissions job settings, e.g. shorter timeouts for failure tests (null:
     *                     {@link EmissionsConfig#defaults()})
     * @param cluster      an existing Kafka cluster and schema registry to run on instead of the embedded ones
     *                     (null: start the embedded platform); its topics and schemas are provisioned like
     *                     {@code carbonedge init} does
     */
    public record Options(Path dataDir, int kafkaPort, int registryPort, List<DeviceSpec> devices, List<String> models,
                          int parts, boolean demoFeed, RouterConfig router, EmissionsConfig emissions,
                          ClientSettings cluster, String bindHost, boolean restoreJobs, RegistryUsers registryUsers) {
        public Options {
            router = router == null ? RouterConfig.defaults() : router;
            emissions = emissions == null ? EmissionsConfig.defaults() : emissions;
            bindHost = bindHost == null || bindHost.isBlank() ? LOOPBACK : bindHost;
        }

        /** Options on loopback, jobs restored from what an earlier run over the same data dir left. */
        public Options(Path dataDir, int kafkaPort, int registryPort, List<DeviceSpec> devices, List<String> models,
                       int parts, boolean demoFeed, RouterConfig router, EmissionsConfig emissions,
                       ClientSettings cluster) {
            this(dataDir, kafkaPort, registryPort, devices, models, parts, demoFeed, router, emissions, cluster,
                    LOOPBACK, true, null);
        }

        /** Options for the embedded platform. */
        public Options(Path dataDir, int kafkaPort, int registryPort, List<DeviceSpec> devices, List<String> models,
                       int parts, boolean demoFeed, RouterConfig router, EmissionsConfig emissions) {
            this(dataDir, kafkaPort, registryPort, devices, models, parts, demoFeed, router, emissions, null);
        }

        /** Options with the jobs' default settings. */
        public Options(Path dataDir, int kafkaPort, int registryPort, List<DeviceSpec> devices, List<String> models,
                       int parts, boolean demoFeed) {
            this(dataDir, kafkaPort, registryPort, devices, models, parts, demoFeed, null, null, null);
        }

        public static Options defaults(Path dataDir) {
            return new Options(dataDir, 9092, 8081, DeviceSpec.PAPER_NODES, List.of("mnist-cnn"), 3, true);
        }

        public Options withPorts(int kafka, int registry) {
            return new Options(dataDir, kafka, registry, devices, models, parts, demoFeed, router, emissions, cluster,
                    bindHost, restoreJobs, registryUsers);
        }

        public Options withDevices(List<DeviceSpec> value) {
            return new Options(dataDir, kafkaPort, registryPort, value, models, parts, demoFeed, router, emissions,
                    cluster, bindHost, restoreJobs, registryUsers);
        }

        public Options withJobs(RouterConfig routerConfig, EmissionsConfig emissionsConfig) {
            return new Options(dataDir, kafkaPort, registryPort, devices, models, parts, demoFeed, routerConfig,
                    emissionsConfig, cluster, bindHost, restoreJobs, registryUsers);
        }

        /** Runs on {@code existing} (e.g. Kafka and Schema Registry containers) instead of the embedded platform. */
        public Options onCluster(ClientSettings existing) {
            return new Options(dataDir, kafkaPort, registryPort, devices, models, parts, demoFeed, router, emissions,
                    existing, bindHost, restoreJobs, registryUsers);
        }

        /** Every listener (broker, registry, Flink's REST/blob/RPC) on {@code host} instead of loopback. */
        public Options withBindHost(String host) {
            return new Options(dataDir, kafkaPort, registryPort, devices, models, parts, demoFeed, router, emissions,
                    cluster, host, restoreJobs, registryUsers);
        }

        /** The registry requires HTTP basic authentication by one of {@code users} (the pipeline's own clients too). */
        public Options withRegistryUsers(RegistryUsers users) {
            return new Options(dataDir, kafkaPort, registryPort, devices, models, parts, demoFeed, router, emissions,
                    cluster, bindHost, restoreJobs, users);
        }

        /** Whether the Flink jobs resume from the newest checkpoint or savepoint under the data dir (default yes). */
        public Options withRestoreJobs(boolean restore) {
            return new Options(dataDir, kafkaPort, registryPort, devices, models, parts, demoFeed, router, emissions,
                    cluster, bindHost, restore, registryUsers);
        }
    }

    /** Where every listener binds unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<Component> components = new ArrayList<>();
    private final Map<String, EdgeExecutor> executors = new LinkedHashMap<>();
    private final Map<String, FlinkJob> jobs = new LinkedHashMap<>();
    private ClientSettings settings;
    private Path modelStore;

    private EmbeddedPipeline() {
    }

    public static EmbeddedPipeline start(Options options) throws Exception {
        EmbeddedPipeline p = new EmbeddedPipeline();
        try {
            p.startAll(options);
            return p;
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    private void startAll(Options o) throws Exception {
        Path data = o.dataDir().toAbsolutePath();
        if (o.cluster() == null) {
            EmbeddedPlatform platform = EmbeddedPlatform.start(data.resolve("platform"), o.kafkaPort(), o.registryPort(),
                    o.bindHost(), o.registryUsers());
            started.add(platform);
            components.add(new Component("platform", platform::health));
            settings = platform.settings();
        } else {
            settings = o.cluster();
            TopicProvisioner.provision(settings, (short) 1, Topics.all());
        }
        modelStore = data.resolve("models");
        for (String model : o.models()) {
            ModelManifest manifest = ModelRegistration.builtIn(settings, modelStore, model, o.parts());
            LOG.info("model {} registered: {} partitions", model, manifest.getPartitions().size());
        }
        TelemetryRollup rollup = new TelemetryRollup(settings, settings.catalog(),
                TelemetryRollup.DEFAULT_HEARTBEAT_INTERVAL, TelemetryRollup.DEFAULT_MISSED_HEARTBEATS,
                data.resolve("streams"), Clock.systemUTC());
        rollup.start();
        started.add(rollup);
        components.add(Component.of(rollup));
        RequestValidation validation = new RequestValidation(settings, settings.catalog(),
                RequestValidation.DEFAULT_MAX_REQUEST_BYTES, data.resolve("streams"));
        validation.start();
        started.add(validation);
        components.add(Component.of(validation));
        for (DeviceSpec d : o.devices()) {
            DeviceProfile profile = d.profile().endsWith(".properties")
                    ? DeviceProfiles.fromFile(Path.of(d.profile())) : DeviceProfiles.named(d.profile());
            EdgeExecutor executor = new EdgeExecutor(ExecutorSettings.of(d.deviceId(), d.zone(), profile, modelStore),
                    settings, settings.catalog(), Clock.systemUTC());
            executor.start();
            started.add(executor);
            components.add(Component.of(executor));
            executors.put(d.deviceId(), executor);
        }
        if (o.demoFeed()) {
            Set<String> zones = new LinkedHashSet<>();
            o.devices().forEach(d -> zones.add(d.zone()));
            publishDemoHistory(settings, zones);
            started.add(startRealTimeDemoFeed(settings, zones));
        }
        Path checkpoints = data.resolve("checkpoints");
        startJob("router", RouterJob.onKafka(settings, o.router())::executeAsync, checkpoints, o);
        startJob("emissions", EmissionsJob.onKafka(settings, o.emissions())::executeAsync, checkpoints, o);
        if (!o.devices().isEmpty()) {
            // the whole JVM is the control plane (broker, registry, Streams apps, Flink, the executors' Kafka work),
            // less the inference CPU the devices charge; its host draws from the first device's zone
            ServiceEnergyReporter energy = new ServiceEnergyReporter("control-plane-energy", settings, settings.catalog(),
                    List.of(ProcessCpuMeter.ofThisProcess("embedded", o.devices().get(0).zone(),
                            HostPowerModel.INTEL_NUC_12_PRO, o.emissions().accounting().pue())),
                    ServiceEnergyReporter.DEFAULT_INTERVAL, Clock.systemUTC());
            energy.start();
            started.add(energy);
            components.add(Component.of(energy));
        }
    }

    private void startJob(String name, FlinkJob.Submitter submitter, Path checkpoints, Options o) throws Exception {
        FlinkJob job = FlinkJob.start(name, submitter, checkpoints.resolve(name), o.bindHost(), o.restoreJobs());
        started.add(job);
        jobs.put(name, job);
        components.add(new Component(name + "-job", job::health));
    }

    /** The past day of demo intensities, so the record of what came before "now" is there from the start. */
    private void publishDemoHistory(ClientSettings settings, Set<String> zones) throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<GridIntensity> records = DemoFeed.records(zones, hour.minus(Duration.ofDays(1)), hour);
        Topic<GridIntensity> topic = settings.catalog().topic(Topics.GRID_INTENSITY);
        try (var producer = new KafkaProducer<>(settings.producer("carbonedge-up-demo-history"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (GridIntensity r : records) {
                producer.send(new ProducerRecord<>(topic.name(), null, r.getValidFrom().toEpochMilli(), r.getZone(), r));
            }
            producer.flush();
        }
        LOG.info("demo feed: {} hourly intensity records of the past day for zones {}", records.size(), zones);
    }

    /** The current hour and every following one, published a minute before it starts, until stopped. */
    /** Hours of demo forecast published with each demo hour. */
    static final int DEMO_FORECAST_HOURS = 24;

    private AutoCloseable startRealTimeDemoFeed(ClientSettings settings, Set<String> zones) {
        KafkaIntensitySink sink = KafkaIntensitySink.open(settings, "carbonedge-up-demo-feed", ProducerTuning.LOW_LATENCY);
        // with a day of forecasts, so deferrable requests can be held for the demo grid's cleaner hours
        RealTimeDemoFeed feed = new RealTimeDemoFeed(List.copyOf(zones), ZoneAliases.none(), sink, ReplayClock.system())
                .withForecastHours(DEMO_FORECAST_HOURS);
        AtomicReference<Throwable> died = new AtomicReference<>();
        AtomicBoolean stopping = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            try {
                feed.run(0);
            } catch (RuntimeException | Error e) {
                died.set(e);
                LOG.error("demo feed stopped: {}", Health.describe(e), e);
            }
        }, "demo-feed");
        thread.setDaemon(true);
        thread.start();
        components.add(new Component("demo-feed", () -> {
            if (stopping.get()) {
                return Health.stopped();
            }
            if (died.get() != null) {
                return Health.failed("demo feed stopped: " + Health.describe(died.get()));
            }
            return thread.isAlive() ? Health.up() : Health.failed("demo feed thread ended");
        }));
        return () -> {
            stopping.set(true);
            feed.requestStop();
            thread.interrupt();
            thread.join(5_000);
            sink.close();
        };
    }

    public ClientSettings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public String registryUrl() {
        return settings.registryUrl();
    }

    public Path modelStore() {
        return modelStore;
    }

    /** Every supervised part, in start order, for {@code carbonedge up}'s supervisor and {@code carbonedge status}. */
    public List<Component> components() {
        return List.copyOf(components);
    }

    /** The running Flink job {@code name} ({@code router} or {@code emissions}). */
    public FlinkJob job(String name) {
        FlinkJob job = jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("no job '" + name + "'; jobs are " + jobs.keySet());
        }
        return job;
    }

    /** The running executor of {@code deviceId} (failure tests stop one with {@link EdgeExecutor#crash()}). */
    public EdgeExecutor executor(String deviceId) {
        EdgeExecutor executor = executors.get(deviceId);
        if (executor == null) {
            throw new IllegalArgumentException("no executor '" + deviceId + "'; devices are " + executors.keySet());
        }
        return executor;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
        executors.clear();
        jobs.clear();
    }
}
