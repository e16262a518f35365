package org.carbonedge.executor.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.carbonedge.avro.PartitionTask;
import org.carbonedge.schemas.dlq.DeadLetteringConsumer;
import org.carbonedge.schemas.dlq.DeadLetteringConsumer.Decoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor's Kafka thread: polls tasks, hands them to the device thread ({@link TaskProcessor}) in chunks, and
 * publishes each chunk's results and next-stage tasks in one Kafka transaction that also commits the consumed
 * offsets, so they appear exactly once to read_committed readers and offsets move only with their results.
 *
 * <p>The loop is a two-step pipeline: while chunk N's transaction commits (two broker round trips that the broker's
 * load can stretch to tens of milliseconds), the device already computes chunk N+1. A device is therefore never idle
 * waiting for Kafka when there is work, and a lone task still goes out at once (nothing waits to fill a chunk).
 * On a Kafka error the open transaction is aborted, the computed-but-unsent chunk dropped, and the consumer rewound
 * to its committed offsets, so the tasks run again.
 */
final class TaskLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** A transaction that holds a chunk's records and waits for its offsets and commit. */
    private record Open(Map<TopicPartition, OffsetAndMetadata> offsets, List<String> doneKeys) {
    }

    private final String name;
    private final DeadLetteringConsumer<PartitionTask> consumer;
    private final Producer<String, byte[]> producer;
    private final TaskProcessor processor;
    private final ExecutorService device;
    private final RecentTasks recent;
    private final int maxChunk;
    private final long maxChunkNanos;
    private final BooleanSupplier running;
    private final BooleanSupplier crashed;

    private final Deque<Decoded<PartitionTask>> backlog = new ArrayDeque<>();
    /** Consumer positions right after the poll that filled the backlog: committed once the backlog drains. */
    private Map<TopicPartition, OffsetAndMetadata> positionsAfterPoll = Map.of();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private Future<TaskProcessor.Chunk> computing;
    private Open open;

    TaskLoop(String name, DeadLetteringConsumer<PartitionTask> consumer, Producer<String, byte[]> producer,
             TaskProcessor processor, ExecutorService device, RecentTasks recent, int maxChunk, Duration maxChunkTime,
             BooleanSupplier running, BooleanSupplier crashed) {
        this.name = name;
        this.consumer = consumer;
        this.producer = producer;
        this.processor = processor;
        this.device = device;
        this.recent = recent;
        this.maxChunk = maxChunk;
        this.maxChunkNanos = maxChunkTime.toNanos();
        this.running = running;
        this.crashed = crashed;
    }

    /** Runs until stopped: on a clean stop the chunk in progress is finished and committed; on a crash, aborted. */
    void run() throws InterruptedException {
        producer.initTransactions();
        while (!crashed.getAsBoolean() && (running.getAsBoolean() || computing != null || open != null)) {
            try {
                step();
            } catch (KafkaException e) {
                recover(e);
            }
        }
        if (crashed.getAsBoolean()) {
            abandon();
        }
    }

    private void step() throws InterruptedException {
        if (backlog.isEmpty() && computing == null && running.getAsBoolean()) {
            poll(open == null ? POLL : Duration.ZERO);
        }
        if (computing == null && !backlog.isEmpty() && running.getAsBoolean()) {
            startChunk();
        }
        if (open != null) {
            commit(open); // overlaps with the device computing the next chunk
            open = null;
        }
        if (computing != null) {
            publish(await());
        }
    }

    private void poll(Duration timeout) {
        List<Decoded<PartitionTask>> batch;
        try {
            batch = consumer.pollDecoded(timeout);
        } catch (WakeupException e) {
            return; // close() wakes us to re-check `running`
        }
        backlog.addAll(batch);
        positionsAfterPoll = movedPositions();
        if (batch.isEmpty() && !positionsAfterPoll.isEmpty()) {
            // everything polled was dead-lettered while decoding: commit past it, with the open transaction if
            // there is one (all tasks polled before are in it or committed: the backlog was empty)
            if (open == null) {
                begin(new Open(positionsAfterPoll, List.of()));
            } else {
                Map<TopicPartition, OffsetAndMetadata> merged = new HashMap<>(open.offsets());
                merged.putAll(positionsAfterPoll);
                open = new Open(merged, open.doneKeys());
            }
        }
    }

    private void startChunk() {
        List<Decoded<PartitionTask>> chunk = new ArrayList<>(Math.min(backlog.size(), maxChunk));
        for (Decoded<PartitionTask> d : backlog) {
            if (chunk.size() == maxChunk) {
                break;
            }
            chunk.add(d);
        }
        int behind = backlog.size() - chunk.size();
        computing = device.submit(() -> processor.run(chunk, maxChunkNanos, behind, crashed));
    }

    private TaskProcessor.Chunk await() throws InterruptedException {
        try {
            return computing.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(name + " device thread failed", cause);
        } finally {
            computing = null;
        }
    }

    private void publish(TaskProcessor.Chunk chunk) {
        for (int i = 0; i < chunk.processed(); i++) {
            backlog.removeFirst();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = backlog.isEmpty() ? positionsAfterPoll : chunk.offsets();
        if (crashed.getAsBoolean() || (chunk.records().isEmpty() && offsets.isEmpty())) {
            return;
        }
        begin(new Open(offsets, chunk.doneKeys()));
        for (ProducerRecord<String, byte[]> r : chunk.records()) {
            producer.send(r);
        }
    }

    private void begin(Open txn) {
        producer.beginTransaction();
        open = txn;
    }

    private void commit(Open txn) {
        if (!txn.offsets().isEmpty()) {
            producer.sendOffsetsToTransaction(txn.offsets(), consumer.consumer().groupMetadata());
        }
        producer.commitTransaction();
        txn.offsets().forEach((tp, o) -> committed.put(tp, o.offset()));
    }

    /** Positions that moved past what was committed: what committing the polled batch must include. */
    private Map<TopicPartition, OffsetAndMetadata> movedPositions() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumer.consumer().assignment()) {
            long position = consumer.consumer().position(tp);
            if (!Long.valueOf(position).equals(committed.get(tp))) {
                offsets.put(tp, new OffsetAndMetadata(position));
            }
        }
        return offsets;
    }

    /** A Kafka error: abort, forget what did not commit, and read again from the committed offsets. */
    private void recover(KafkaException e) throws InterruptedException {
        int lost = backlog.size();
        LOG.warn("{} aborting a transaction, will retry {} tasks: {}", name, lost, e.toString());
        if (computing != null) {
            TaskProcessor.Chunk unsent = await();
            unsent.doneKeys().forEach(recent::forget);
        }
        if (open != null) {
            open.doneKeys().forEach(recent::forget);
            open = null;
            producer.abortTransaction();
        }
        backlog.clear();
        rewind();
    }

    /** A crash (tests): nothing of the open transaction becomes visible, the chunk in progress is dropped. */
    private void abandon() throws InterruptedException {
        if (computing != null) {
            await(); // returns at the next task boundary; the device must be idle before its sessions close
        }
        if (open != null) {
            producer.abortTransaction();
            open = null;
        }
    }

    private void rewind() {
        committed.clear();
        var assignment = consumer.consumer().assignment();
        var offsets = consumer.consumer().committed(assignment);
        for (TopicPartition tp : assignment) {
            OffsetAndMetadata c = offsets.get(tp);
            if (c != null) {
                consumer.consumer().seek(tp, c.offset());
            } else {
                consumer.consumer().seekToBeginning(List.of(tp));
            }
        }
    }
}
