package org.carbonedge.executor.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.avro.DeviceTelemetry;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.common.Service;
import org.carbonedge.executor.device.RaplMeter;
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
 * <p>Each polled batch (at most {@code maxBatch} tasks: the bound on in-flight work, and the back-pressure, since
 * nothing more is polled until it is done) is processed in one Kafka transaction that also commits the consumed
 * offsets, so results and next-stage tasks appear exactly once to read_committed readers, and offsets are
 * committed only with the results. On close the current batch is finished and committed before the executor stops.
 */
public final class EdgeExecutor implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeExecutor.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Longest a transaction runs before it is committed and the next one begins. */
    static final Duration MAX_TRANSACTION = Duration.ofMillis(25);

    private final ExecutorSettings settings;
    private final ClientSettings clients;
    private final TopicCatalog catalog;
    private final Clock clock;
    private final DeviceStats stats;
    private final RecentTasks recent = new RecentTasks(10_000);
    private final Map<TopicPartition, Long> committedPositions = new HashMap<>();

    private final Topic<PartitionTask> taskTopic;
    private final Topic<PartitionResult> results;
    private final Topic<DeviceTelemetry> telemetry;

    private volatile boolean running;
    /** Set by {@link #crash()}: the loop abandons its batch instead of committing it. */
    private volatile boolean crashed;
    private Thread loop;
    private ScheduledExecutorService telemetryTimer;
    private Producer<String, DeviceTelemetry> telemetryProducer;
    private volatile PartitionRunner runner;

    public EdgeExecutor(ExecutorSettings settings, ClientSettings clients, TopicCatalog catalog, Clock clock) {
        this.settings = settings;
        this.clients = clients;
        this.catalog = catalog;
        this.clock = clock;
        this.stats = new DeviceStats(settings.deviceId(), settings.zone(), settings.profile(),
                () -> runner == null ? 0 : runner.residentModelBytes());
        this.taskTopic = catalog.topic(Topics.tasks(settings.deviceId()));
        this.results = catalog.topic(Topics.PARTITION_RESULTS);
        this.telemetry = catalog.topic(Topics.TELEMETRY);
    }

    @Override
    public String name() {
        return "executor:" + settings.deviceId();
    }

    public DeviceStats stats() {
        return stats;
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
        try (DeadLetterPublisher dlq = DeadLetterPublisher.create(clients, catalog, name());
             var consumer = new DeadLetteringConsumer<>(new KafkaConsumer<>(consumerConfig,
                     new ByteArrayDeserializer(), new ByteArrayDeserializer()), taskTopic, dlq);
             Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                     new ByteArraySerializer())) {
            consumer.consumer().subscribe(List.of(taskTopic.name()));
            producer.initTransactions();
            while (running) {
                List<DeadLetteringConsumer.Decoded<PartitionTask>> batch;
                try {
                    batch = consumer.pollDecoded(POLL);
                } catch (WakeupException e) {
                    continue; // close() wakes us to re-check `running`
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = positions(consumer);
                if (offsets.isEmpty()) {
                    continue;
                }
                processBatch(stageRunner, batch, offsets, consumer, producer, dlq);
            }
        } catch (RuntimeException e) {
            LOG.error("{} stopped: {}", name(), e.toString(), e);
        } finally {
            stats.status(DeviceStatus.DOWN);
        }
    }

    /**
     * Runs a polled batch in transactions of at most {@link #MAX_TRANSACTION} of work each: a burst of small tasks
     * shares one commit, while a heavy model's results are not held back behind the rest of the batch. Each
     * transaction commits the offsets up to its last task; the last one commits the poll position (which also covers
     * records dead-lettered while decoding).
     */
    private void processBatch(StageRunner stageRunner, List<DeadLetteringConsumer.Decoded<PartitionTask>> batch,
                              Map<TopicPartition, OffsetAndMetadata> offsets,
                              DeadLetteringConsumer<PartitionTask> consumer, Producer<String, byte[]> producer,
                              DeadLetterPublisher dlq) {
        List<String> done = new ArrayList<>();
        producer.beginTransaction();
        long transactionStart = System.nanoTime();
        try {
            int remaining = batch.size();
            for (var record : batch) {
                if (crashed) {
                    break;
                }
                stats.queue(remaining - 1, 1);
                String key = RecentTasks.key(record.value().getRequestId(), record.value().getStageIndex(),
                        record.value().getAttempt());
                if (recent.firstTime(key)) {
                    done.add(key);
                    handle(stageRunner, record, producer, dlq);
                } else {
                    LOG.debug("{} skips redelivered task {}", name(), key);
                }
                remaining--;
                if (remaining > 0 && System.nanoTime() - transactionStart > MAX_TRANSACTION.toNanos() && !crashed) {
                    TopicPartition tp = new TopicPartition(record.raw().topic(), record.raw().partition());
                    Map<TopicPartition, OffsetAndMetadata> upTo = Map.of(tp, new OffsetAndMetadata(record.raw().offset() + 1));
                    producer.sendOffsetsToTransaction(upTo, consumer.consumer().groupMetadata());
                    producer.commitTransaction();
                    committedPositions.put(tp, record.raw().offset() + 1);
                    done.clear();
                    producer.beginTransaction();
                    transactionStart = System.nanoTime();
                }
            }
            if (crashed) {
                producer.abortTransaction(); // see crash(): nothing of this transaction becomes visible
                return;
            }
            producer.sendOffsetsToTransaction(offsets, consumer.consumer().groupMetadata());
            producer.commitTransaction();
            offsets.forEach((tp, o) -> committedPositions.put(tp, o.offset()));
        } catch (KafkaException e) {
            LOG.warn("{} aborting a transaction of up to {} tasks, will retry them: {}", name(), batch.size(), e.toString());
            done.forEach(recent::forget);
            producer.abortTransaction();
            rewind(consumer);
        } finally {
            stats.queue(0, 0);
        }
    }

    private void handle(StageRunner stageRunner, DeadLetteringConsumer.Decoded<PartitionTask> record,
                        Producer<String, byte[]> producer, DeadLetterPublisher dlq) {
        PartitionTask task = record.value();
        Instant startedAt = clock.instant();
        long queueNanos = Math.max(0, Duration.between(task.getDispatchedAt(), startedAt).toNanos());
        PartitionResult.Builder result = PartitionResult.newBuilder()
                .setRequestId(task.getRequestId()).setModelId(task.getModelId()).setPlan(task.getPlan())
                .setStageIndex(task.getStageIndex()).setAttempt(task.getAttempt()).setDeviceId(settings.deviceId())
                .setZone(settings.zone()).setSubmittedAt(task.getSubmittedAt()).setStartedAt(startedAt)
                .setQueueNanos(queueNanos);
        try {
            PlanStage stage = stageRunner.stageOf(task);
            StageOutcome outcome = stageRunner.run(task);
            stats.stageDone(task.getModelId(), outcome);
            boolean last = task.getStageIndex() == task.getPlan().getStages().size() - 1;
            if (!last) {
                forward(task, outcome, producer);
            }
            result.setEndedAt(clock.instant()).setComputeNanos(outcome.busyNanos())
                    .setEnergyJoules(outcome.energyJoules()).setEnergySource(outcome.energySource()).setEmbodiedGco2(outcome.embodiedGco2())
                    .setBytesIn(outcome.bytesIn()).setBytesOut(outcome.bytesOut()).setStatus(PartitionStatus.OK)
                    .setOutputs(last ? outcome.outputs() : List.of());
            LOG.debug("{} ran {} stage {} (partitions {}..{}) in {} ms", name(), task.getRequestId(),
                    task.getStageIndex(), stage.getFirstPartition(), stage.getLastPartition(), outcome.busyNanos() / 1e6);
        } catch (BadTaskException e) {
            dlq.publish(record.raw(), e.getMessage(), e);
            result.setEndedAt(clock.instant()).setComputeNanos(0).setEnergyJoules(0).setBytesIn(0).setBytesOut(0)
                    .setStatus(PartitionStatus.ERROR).setReason(e.getMessage());
        }
        producer.send(new ProducerRecord<>(results.name(), task.getRequestId(),
                results.valueSerde().serializer().serialize(results.name(), result.build())));
    }

    private void forward(PartitionTask task, StageOutcome outcome, Producer<String, byte[]> producer) {
        int next = task.getStageIndex() + 1;
        PlanStage nextStage = task.getPlan().getStages().get(next);
        Topic<PartitionTask> nextTopic = catalog.topic(Topics.tasks(nextStage.getDeviceId()));
        PartitionTask nextTask = PartitionTask.newBuilder(task).setStageIndex(next).setInputs(outcome.outputs())
                .setDispatchedAt(clock.instant()).setAttempt(0).build();
        producer.send(new ProducerRecord<>(nextTopic.name(), task.getRequestId(),
                nextTopic.valueSerde().serializer().serialize(nextTopic.name(), nextTask)));
    }

    /** Positions that moved since the last commit: what the next transaction must commit. */
    private Map<TopicPartition, OffsetAndMetadata> positions(DeadLetteringConsumer<?> consumer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumer.consumer().assignment()) {
            long position = consumer.consumer().position(tp);
            if (!Long.valueOf(position).equals(committedPositions.get(tp))) {
                offsets.put(tp, new OffsetAndMetadata(position));
            }
        }
        return offsets;
    }

    private void rewind(DeadLetteringConsumer<?> consumer) {
        committedPositions.clear();
        var assignment = consumer.consumer().assignment();
        var committed = consumer.consumer().committed(assignment);
        for (TopicPartition tp : assignment) {
            OffsetAndMetadata c = committed.get(tp);
            if (c != null) {
                consumer.consumer().seek(tp, c.offset());
            } else {
                consumer.consumer().seekToBeginning(List.of(tp));
            }
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
        if (runner != null) {
            runner.close();
        }
        LOG.warn("{} crashed on purpose after {} stages", name(), stats.completed());
    }
}
