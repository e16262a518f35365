package org.carbonedge.executor.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.carbonedge.avro.PartitionResult;
import org.carbonedge.avro.PartitionStatus;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.avro.PlanStage;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.dlq.DeadLetterPublisher;
import org.carbonedge.schemas.dlq.DeadLetteringConsumer.Decoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device side of an executor: runs a chunk of polled tasks back to back and returns what they produce (a
 * PartitionResult per stage, the next stage's task when there is one) as serialized records, without sending
 * them. The executor's Kafka thread publishes a chunk in one transaction while this runs the next, so the device
 * computes while the previous chunk commits. A chunk stops after {@code maxNanos} of work so a heavy model's
 * results are not held back behind a long backlog. Bad tasks become ERROR results plus a dead letter.
 */
final class TaskProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(TaskProcessor.class);

    /** What a chunk produced: how many of its tasks it handled (in order), their records and offsets. */
    record Chunk(int processed, List<ProducerRecord<String, byte[]>> records, List<String> doneKeys,
                 Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    private final ExecutorSettings settings;
    private final StageRunner runner;
    private final DeviceStats stats;
    private final RecentTasks recent;
    private final TopicCatalog catalog;
    private final Topic<PartitionResult> results;
    private final DeadLetterPublisher dlq;
    private final Clock clock;
    private final Map<String, Topic<PartitionTask>> taskTopics = new HashMap<>();

    TaskProcessor(ExecutorSettings settings, StageRunner runner, DeviceStats stats, RecentTasks recent,
                  TopicCatalog catalog, DeadLetterPublisher dlq, Clock clock) {
        this.settings = settings;
        this.runner = runner;
        this.stats = stats;
        this.recent = recent;
        this.catalog = catalog;
        this.results = catalog.topic(Topics.PARTITION_RESULTS);
        this.dlq = dlq;
        this.clock = clock;
    }

    /**
     * Runs tasks of {@code chunk} in order until all are done, {@code maxNanos} of wall time have passed, or
     * {@code stop} says so. Tasks already run (a redelivery) are skipped but count as processed.
     *
     * @param queuedBehind tasks waiting behind this chunk, for the queue depth reported in telemetry
     */
    Chunk run(List<Decoded<PartitionTask>> chunk, long maxNanos, int queuedBehind, BooleanSupplier stop) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(chunk.size() * 2);
        List<String> done = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long start = System.nanoTime();
        int processed = 0;
        try {
            for (Decoded<PartitionTask> record : chunk) {
                if (stop.getAsBoolean() || (processed > 0 && System.nanoTime() - start > maxNanos)) {
                    break;
                }
                stats.queue(queuedBehind + chunk.size() - processed - 1, 1);
                PartitionTask task = record.value();
                String key = RecentTasks.key(task.getRequestId(), task.getStageIndex(), task.getAttempt());
                if (recent.firstTime(key)) {
                    done.add(key);
                    handle(record, records);
                } else {
                    LOG.debug("{} skips redelivered task {}", settings.deviceId(), key);
                }
                processed++;
                offsets.put(new TopicPartition(record.raw().topic(), record.raw().partition()),
                        new OffsetAndMetadata(record.raw().offset() + 1));
            }
        } finally {
            stats.queue(queuedBehind + chunk.size() - processed, 0);
        }
        return new Chunk(processed, records, done, offsets);
    }

    private void handle(Decoded<PartitionTask> record, List<ProducerRecord<String, byte[]>> out) {
        PartitionTask task = record.value();
        Instant startedAt = clock.instant();
        long queueNanos = Math.max(0, Duration.between(task.getDispatchedAt(), startedAt).toNanos());
        PartitionResult.Builder result = PartitionResult.newBuilder()
                .setRequestId(task.getRequestId()).setModelId(task.getModelId()).setPlan(task.getPlan())
                .setStageIndex(task.getStageIndex()).setAttempt(task.getAttempt()).setDeviceId(settings.deviceId())
                .setZone(settings.zone()).setSubmittedAt(task.getSubmittedAt()).setStartedAt(startedAt)
                .setQueueNanos(queueNanos);
        try {
            PlanStage stage = runner.stageOf(task);
            StageOutcome outcome = runner.run(task);
            stats.stageDone(task.getModelId(), outcome);
            boolean last = task.getStageIndex() == task.getPlan().getStages().size() - 1;
            if (!last) {
                out.add(forward(task, outcome));
            }
            result.setEndedAt(clock.instant()).setComputeNanos(outcome.busyNanos())
                    .setEnergyJoules(outcome.energyJoules()).setEnergySource(outcome.energySource())
                    .setEmbodiedGco2(outcome.embodiedGco2()).setBytesIn(outcome.bytesIn())
                    .setBytesOut(outcome.bytesOut()).setStatus(PartitionStatus.OK)
                    .setOutputs(last ? outcome.outputs() : List.of());
            LOG.debug("{} ran {} stage {} (partitions {}..{}) in {} ms", settings.deviceId(), task.getRequestId(),
                    task.getStageIndex(), stage.getFirstPartition(), stage.getLastPartition(), outcome.busyNanos() / 1e6);
        } catch (BadTaskException e) {
            dlq.publish(record.raw(), e.getMessage(), e);
            result.setEndedAt(clock.instant()).setComputeNanos(0).setEnergyJoules(0).setBytesIn(0).setBytesOut(0)
                    .setStatus(PartitionStatus.ERROR).setReason(e.getMessage());
        }
        out.add(new ProducerRecord<>(results.name(), task.getRequestId(),
                results.valueSerde().serializer().serialize(results.name(), result.build())));
    }

    private ProducerRecord<String, byte[]> forward(PartitionTask task, StageOutcome outcome) {
        int next = task.getStageIndex() + 1;
        PlanStage nextStage = task.getPlan().getStages().get(next);
        Topic<PartitionTask> nextTopic = taskTopics.computeIfAbsent(nextStage.getDeviceId(),
                device -> catalog.topic(Topics.tasks(device)));
        // a shallow copy: PartitionTask.newBuilder(task) deep-copies every field, this stage's input tensors too
        // (602 KB for MobileNetV2's first stage), only for setInputs to replace them
        PartitionTask nextTask = new PartitionTask();
        for (Schema.Field f : PartitionTask.getClassSchema().getFields()) {
            nextTask.put(f.pos(), task.get(f.pos()));
        }
        nextTask.setStageIndex(next);
        nextTask.setInputs(outcome.outputs());
        nextTask.setDispatchedAt(clock.instant());
        nextTask.setAttempt(0);
        return new ProducerRecord<>(nextTopic.name(), task.getRequestId(),
                nextTopic.valueSerde().serializer().serialize(nextTopic.name(), nextTask));
    }
}
