package org.carbonedge.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.executor.energy.ProcessCpuMeter;
import org.carbonedge.platform.EmbeddedPlatform;
import org.carbonedge.schemas.PartitionsOnline;

/**
 * What the Kafka hops alone allow: records of a request's size pushed through as many consume → produce relays as
 * the pipeline has (validation, router, executor, emissions job), with the pipeline's client settings, on an embedded
 * broker of their own, and nothing else done to them — no decoding, no transactions, no Flink, no inference. The
 * pipeline cannot go faster than this on the same machine, so its figure says how much of the gap to the bare
 * ONNX Runtime loop is the hops themselves.
 */
final class KafkaHopFloor {

    private KafkaHopFloor() {
    }

    /**
     * Figures of one run: every record arrived, in {@code seconds} from the first send to the last arrival, using
     * {@code cpuNanos} of this process's CPU time (broker, relays, source and sink).
     */
    record Result(int records, int relays, int recordBytes, double seconds, long cpuNanos) {
        double recordsPerSecond() {
            return records / seconds;
        }

        double cpuMicrosPerRecord() {
            return cpuNanos / 1e3 / records;
        }
    }

    /**
     * Sends {@code records} records through {@code relays} relays twice, the first time to warm up, and returns the
     * second run.
     */
    static Result measure(Path dataDir, int records, int relays, int recordBytes, Duration timeout) throws Exception {
        if (records < 1 || relays < 0 || recordBytes < 0) {
            throw new IllegalArgumentException("records >= 1, relays >= 0 and recordBytes >= 0 required");
        }
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dataDir, 0, 0)) {
            ClientSettings settings = platform.settings();
            createTopics(settings, relays);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            try {
                for (int h = 0; h < relays; h++) {
                    String from = topic(h);
                    String to = topic(h + 1);
                    Thread t = new Thread(() -> relay(settings, from, to, running), "floor-relay-" + h);
                    t.start();
                    threads.add(t);
                }
                run(settings, relays, records, recordBytes, "warm-", timeout);
                return run(settings, relays, records, recordBytes, "run-", timeout);
            } finally {
                running.set(false);
                for (Thread t : threads) {
                    t.join();
                }
            }
        }
    }

    private static String topic(int hop) {
        return "carbonedge-floor-" + hop;
    }

    private static void createTopics(ClientSettings settings, int relays) throws InterruptedException, ExecutionException {
        List<NewTopic> topics = new ArrayList<>();
        for (int h = 0; h <= relays; h++) {
            topics.add(new NewTopic(topic(h), 4, (short) 1)); // as many partitions as the pipeline's topics
        }
        try (Admin admin = Admin.create(settings.admin())) {
            admin.createTopics(topics).all().get();
            PartitionsOnline.await(admin, topics.stream().map(NewTopic::name).toList(), Duration.ofSeconds(60));
        }
    }

    private static Result run(ClientSettings settings, int relays, int records, int recordBytes, String prefix,
                              Duration timeout) {
        byte[] value = new byte[recordBytes];
        Map<String, Object> sinkConfig = settings.consumer("carbonedge-floor-sink-" + prefix);
        sinkConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"); // not the warm-up's records
        try (var sink = new KafkaConsumer<>(sinkConfig, new StringDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(settings.producer("carbonedge-floor-source"), new StringSerializer(),
                     new ByteArraySerializer())) {
            sink.subscribe(List.of(topic(relays)));
            awaitAssignment(sink, timeout);
            long cpu0 = ProcessCpuMeter.processCpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic(0), prefix + i, value));
            }
            producer.flush();
            long deadline = start + timeout.toNanos();
            int arrived = 0;
            while (arrived < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + arrived + " of " + records + " floor records after " + timeout);
                }
                for (var r : sink.poll(Duration.ofMillis(100))) {
                    if (r.key().startsWith(prefix)) {
                        arrived++;
                    }
                }
            }
            return new Result(records, relays, recordBytes, (System.nanoTime() - start) / 1e9, ProcessCpuMeter.processCpuNanos() - cpu0);
        }
    }

    /** Polls until the sink has its partitions and knows its positions (the topic's end) before anything is sent. */
    private static void awaitAssignment(KafkaConsumer<String, byte[]> sink, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sink.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the floor's sink got no partitions after " + timeout);
            }
            sink.poll(Duration.ofMillis(50));
        }
        sink.assignment().forEach(sink::position);
    }

    private static void relay(ClientSettings settings, String from, String to, AtomicBoolean running) {
        try (var consumer = new KafkaConsumer<>(settings.consumer("carbonedge-floor-" + from), new StringDeserializer(),
                new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(settings.producer("carbonedge-floor-" + from), new StringSerializer(),
                     new ByteArraySerializer())) {
            consumer.subscribe(List.of(from));
            while (running.get()) {
                var batch = consumer.poll(Duration.ofMillis(100));
                for (var r : batch) {
                    producer.send(new ProducerRecord<>(to, r.key(), r.value()));
                }
                if (!batch.isEmpty()) {
                    consumer.commitAsync();
                }
            }
        }
    }
}
