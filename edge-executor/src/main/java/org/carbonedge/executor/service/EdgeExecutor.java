package org.carbonedge.executor.service;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.DeviceTelemetry;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Health;
import org.carbonedge.common.Service;
import org.carbonedge.executor.device.RaplMeter;
import org.carbonedge.executor.energy.DeviceIdleMeter;
import org.carbonedge.executor.energy.EnergyMeter;
import org.carbonedge.executor.energy.ServiceEnergyReporter;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.TopicProvisioner;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.dlq.DeadLetterPublisher;
import org.carbonedge.schemas.dlq.DeadLetteringConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One edge device: consumes {@code carbonedge.tasks.<deviceId>}, runs each stage, sends the output tensors to the
 * next device's task topic (or, after the last stage, keeps them in the result), and publishes a PartitionResult
 * for every stage and telemetry every second.
 *
 * <p>Tasks run on a device thread ({@link TaskProcessor}) in chunks of at most {@link #MAX_CHUNK} of work; a
 * Kafka thread ({@link TaskLoop}) publishes each chunk in one Kafka transaction that also commits the consumed
 * offsets, so results and next-stage tasks appear exactly once to read_committed readers and offsets move only
 * with their results, and it commits one chunk while the device computes the next. At most {@code maxBatch}
 * tasks are polled at a time: the bound on in-flight work, and the back-pressure. On close the chunk in progress is
 * finished and committed before the executor stops.
 */
public final class EdgeExecutor implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeExecutor.class);
    /**
     * Most device time one transaction's chunk of tasks takes: the results of a burst of small tasks share one
     * commit, while a heavy model's results are not held back behind the rest of the backlog.
     */
    static final Duration MAX_CHUNK = Duration.ofMillis(100);

    private final ExecutorSettings settings;
    private final ClientSettings clients;
    private final TopicCatalog catalog;
    private final Clock clock;
    private final DeviceStats stats;
    private final RecentTasks recent = new RecentTasks(10_000);

    private final Topic<PartitionTask> taskTopic;
    private final Topic<DeviceTelemetry> telemetry;

    private volatile boolean running;
    /** Set by {@link #crash()}: the loop abandons its batch instead of committing it. */
    private volatile boolean crashed;
    private Thread loop;
    private ScheduledExecutorService telemetryTimer;
    private Producer<String, DeviceTelemetry> telemetryProducer;
    private volatile PartitionRunner runner;
    /** Meters this executor's energy reporter samples besides the device's idle time (e.g. its process's CPU). */
    private final java.util.List<EnergyMeter> extraMeters = new java.util.ArrayList<>();
    private volatile ServiceEnergyReporter energyReporter;
    /** Why the task loop ended while the executor was meant to run (null while it runs or after a clean stop). */
    private volatile Throwable loopFailure;

    public EdgeExecutor(ExecutorSettings settings, ClientSettings clients, TopicCatalog catalog, Clock clock) {
        this.settings = settings;
        this.clients = clients;
        this.catalog = catalog;
        this.clock = clock;
        this.stats = new DeviceStats(settings.deviceId(), settings.zone(), settings.profile(),
                () -> runner == null ? 0 : runner.residentModelBytes());
        this.taskTopic = catalog.topic(Topics.tasks(settings.deviceId()));
        this.telemetry = catalog.topic(Topics.TELEMETRY);
    }

    @Override
    public String name() {
        return "executor:" + settings.deviceId();
    }

    public DeviceStats stats() {
        return stats;
    }

    /**
     * Also reports what {@code meter} measures with the device's idle time (call before {@link #start()}): a
     * standalone executor process adds its own control-plane CPU ({@code ProcessCpuMeter}); in the embedded pipeline
     * one meter covers the whole JVM instead.
     */
    public EdgeExecutor withEnergyMeter(EnergyMeter meter) {
        extraMeters.add(java.util.Objects.requireNonNull(meter, "meter"));
        return this;
    }

    @Override
    public void start() {
        try (Admin admin = Admin.create(clients.admin())) {
            List<TopicDef<?>> own = List.of(taskTopic.def());
            new TopicProvisioner(admin, catalog.registry(), (short) 1).provision(own);
        }
        runner = new PartitionRunner(1);
        StageRunner stageRunner = new StageRunner(settings.deviceId(), settings.profile(),
                new ModelStore(settings.modelStore()), runner, RaplMeter.open(RaplMeter.DEFAULT_ZONE),
                settings.maxTensorBytes());
        telemetryProducer = new KafkaProducer<>(clients.producer(name() + "-telemetry"),
                telemetry.keySerde().serializer(), telemetry.valueSerde().serializer());
        java.util.List<EnergyMeter> meters = new java.util.ArrayList<>();
        meters.add(new DeviceIdleMeter(settings.deviceId(), settings.zone(),
                settings.profile().name(), settings.profile().energyModel(), 1.0, stats::busyNanos));
        meters.addAll(extraMeters);
        energyReporter = new ServiceEnergyReporter(name() + "-energy", clients, catalog,
                meters, settings.telemetryInterval().multipliedBy(10), clock);
        energyReporter.start();
        running = true;
        loop = new Thread(() -> runLoop(stageRunner), name());
        loop.start();
        telemetryTimer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name() + "-telemetry"));
        long periodMillis = settings.telemetryInterval().toMillis();
        telemetryTimer.scheduleAtFixedRate(this::publishTelemetry, 0, periodMillis, TimeUnit.MILLISECONDS);
        LOG.info("{} up: profile {} (quota {}), zone {}, store {}", name(), settings.profile().name(),
                settings.profile().cpuQuota(), settings.zone(), settings.modelStore());
    }

    private void runLoop(StageRunner stageRunner) {
        Map<String, Object> producerConfig = clients.producer(name());
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "carbonedge-" + name().replace(':', '-'));
        producerConfig.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        Map<String, Object> consumerConfig = new HashMap<>(clients.consumer("carbonedge-" + name().replace(':', '-')));
        consumerConfig.put("max.poll.records", settings.maxBatch());
        // static membership: one executor per device, so a restarted one (after a crash too) gets its task topic
        // back at once instead of after the dead member's session timeout
        consumerConfig.put("group.instance.id", "carbonedge-" + name().replace(':', '-'));
        ExecutorService device = Executors.newSingleThreadExecutor(r -> new Thread(r, name() + "-device"));
        try (DeadLetterPublisher dlq = DeadLetterPublisher.create(clients, catalog, name());
             var consumer = new DeadLetteringConsumer<>(new KafkaConsumer<>(consumerConfig,
                     new ByteArrayDeserializer(), new ByteArrayDeserializer()), taskTopic, dlq);
             Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                     new ByteArraySerializer())) {
            consumer.consumer().subscribe(List.of(taskTopic.name()));
            TaskProcessor processor = new TaskProcessor(settings, stageRunner, stats, recent, catalog, dlq, clock);
            new TaskLoop(name(), consumer, producer, processor, device, recent, settings.maxBatch(), MAX_CHUNK,
                    () -> running, () -> crashed).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            loopFailure = e;
            LOG.error("{} stopped: {}", name(), e.toString(), e);
        } finally {
            if (running && loopFailure == null) {
                loopFailure = new IllegalStateException("task loop ended although the executor was not stopped");
            }
            device.shutdownNow();
            stats.status(DeviceStatus.DOWN);
        }
    }

    private void publishTelemetry() {
        try {
            DeviceTelemetry sample = stats.sample(clock.instant());
            telemetryProducer.send(new ProducerRecord<>(telemetry.name(), settings.deviceId(), sample));
        } catch (RuntimeException e) {
            LOG.warn("{} could not publish telemetry: {}", name(), e.toString());
        }
    }

    @Override
    public Health health() {
        Throwable failure = loopFailure;
        if (failure != null) {
            return Health.failed("task loop died: " + Health.describe(failure));
        }
        if (crashed) {
            return Health.failed("crashed on purpose");
        }
        if (loop == null) {
            return Health.starting("not started");
        }
        var reporter = energyReporter;
        if (running && reporter != null && reporter.health().state() == Health.State.FAILED) {
            return Health.failed("energy reporting: " + reporter.health().detail());
        }
        return running ? Health.up() : Health.stopped();
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        stats.status(DeviceStatus.DRAINING);
        try {
            if (loop != null) {
                loop.join(Duration.ofSeconds(60).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (telemetryTimer != null) {
            telemetryTimer.shutdownNow();
        }
        if (telemetryProducer != null) {
            stats.status(DeviceStatus.DOWN);
            publishTelemetry();
            telemetryProducer.close(Duration.ofSeconds(5));
        }
        if (energyReporter != null) {
            energyReporter.close(); // the last partial interval, up to the stop
        }
        if (runner != null) {
            runner.close();
        }
        LOG.info("{} stopped after {} stages", name(), stats.completed());
    }

    /**
     * Stops the executor abruptly, as a killed process would, for failure tests. Unlike {@link #close()}, which
     * drains: heartbeats stop without a final DOWN sample (the telemetry rollup has to notice the silence), the
     * task loop stops at once, and a batch in flight is aborted rather than committed, so its tasks stay
     * unconsumed and none of its results or next-stage tasks become visible. (A killed process would leave its
     * transaction open until a successor fenced it or it timed out, stalling read_committed readers of the shared
     * topics meanwhile; aborting it spares tests that wait.) Returns once the executor is silent; {@link #close()}
     * afterwards does nothing.
     */
    public void crash() {
        if (!running) {
            return;
        }
        crashed = true;
        running = false;
        if (telemetryTimer != null) {
            telemetryTimer.shutdownNow();
        }
        try {
            if (telemetryTimer != null) {
                telemetryTimer.awaitTermination(5, TimeUnit.SECONDS);
            }
            if (loop != null) {
                loop.join(Duration.ofSeconds(60).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (telemetryProducer != null) {
            telemetryProducer.close(Duration.ZERO);
        }
        if (energyReporter != null) {
            energyReporter.abandon();
        }
        if (runner != null) {
            runner.close();
        }
        LOG.warn("{} crashed on purpose after {} stages", name(), stats.completed());
    }
}
