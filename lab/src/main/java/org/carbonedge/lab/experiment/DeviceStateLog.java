package org.carbonedge.lab.experiment;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.carbonedge.avro.DeviceState;
import org.carbonedge.avro.DeviceStatus;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.Topics;

/**
 * Follows {@code carbonedge.device-state} during an experiment and keeps when each device was up, for the hindsight
 * oracle's feasibility. Polled by the experiment's own thread between requests ({@link #poll}), never blocking.
 */
final class DeviceStateLog implements AutoCloseable {

    private final KafkaConsumer<String, DeviceState> consumer;
    private final DeviceStatusHistory history = new DeviceStatusHistory();
    private final Map<String, Long> memoryBytes = new HashMap<>();
    private final Map<String, Integer> peakQueue = new HashMap<>();

    DeviceStateLog(ClientSettings settings, String runId) {
        Topic<DeviceState> topic = settings.catalog().topic(Topics.DEVICE_STATE);
        this.consumer = new KafkaConsumer<>(settings.consumer("experiment-device-state-" + runId),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        this.consumer.assign(partitions); // no group: nothing to join, so polls never wait for a rebalance
        this.consumer.seekToBeginning(partitions);
    }

    /** Reads what arrived since the last call. */
    void poll() {
        read(Duration.ZERO);
    }

    /** Reads everything written so far (at most {@code timeout}), so the history is complete up to now. */
    void catchUp(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                && System.nanoTime() < deadline) {
            read(Duration.ofMillis(100));
        }
    }

    private void read(Duration timeout) {
        consumer.poll(timeout).forEach(r -> {
            DeviceState s = r.value();
            history.add(s.getDeviceId(), s.getUpdatedAt(), s.getStatus() == DeviceStatus.UP);
            memoryBytes.put(s.getDeviceId(), s.getMemoryBytes());
            peakQueue.merge(s.getDeviceId(), s.getQueueDepth(), Math::max);
        });
    }

    /** The memory a device last reported, 0 when it never reported. */
    long memoryBytes(String deviceId) {
        return memoryBytes.getOrDefault(deviceId, 0L);
    }

    /** Per device, the longest queue it reported (as sampled by its state reports); empty without reports. */
    Map<String, Integer> peakQueueDepth() {
        return Map.copyOf(peakQueue);
    }

    DeviceStatusHistory history() {
        return history;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
