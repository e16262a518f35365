package org.carbonedge.cli.io;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.cli.ConnectionOptions;
import org.carbonedge.cli.UsageException;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code carbonedge subscribe emissions}: prints emission records (read_committed: each request once) as a table,
 * JSON lines or CSV. Without {@code --follow} it prints the records already there and exits; with it, it prints
 * new records as they arrive until Ctrl-C (add {@code --from-beginning} for the existing ones first). It joins no
 * consumer group and commits nothing, so it never disturbs other readers.
 */
@Command(name = "subscribe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print emission records from carbonedge.emissions: requestId, model, policy, status, latency, energy, gCO2, zones.",
                "Without --follow: the records already there, then exit. With --follow: new records as they arrive, until Ctrl-C."})
public final class SubscribeCommand implements Callable<Integer> {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(200);

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "What to read: emissions.")
    String topic;

    @Option(names = "--follow", description = "Keep printing new records until stopped.")
    boolean follow;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json (one object per line) or csv (default: ${DEFAULT-VALUE}).")
    EmissionPrinter.Format format;

    @Option(names = "--from-beginning", description = "With --follow: print the existing records first (without --follow they are always printed).")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;

    private volatile boolean stopping;

    @Override
    public Integer call() {
        if (!"emissions".equals(topic)) {
            throw new UsageException("unknown topic '" + topic + "'; you can subscribe to: emissions");
        }
        if (max != null && max < 1) {
            throw new UsageException("invalid value for option '--max': " + max + " (must be >= 1)");
        }
        ClientSettings settings = connection.settings();
        Deserializer<EmissionRecord> values = settings.catalog().topic(Topics.EMISSIONS).valueSerde().deserializer();
        Map<String, Object> config = settings.consumer("carbonedge-subscribe");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "carbonedge-subscribe");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EmissionPrinter printer = EmissionPrinter.of(format, out);
        long printed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
             StopOnSignal stop = new StopOnSignal(() -> {
                 stopping = true;
                 consumer.wakeup();
             })) {
            List<TopicPartition> partitions = partitions(consumer, settings);
            consumer.assign(partitions);
            if (fromBeginning || !follow) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            partitions.forEach(p -> consumer.position(p, CONNECT_TIMEOUT));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CONNECT_TIMEOUT);
            printer.header();
            while (!stopping && (follow || !atEnd(consumer, end))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    if (r.value() == null) {
                        continue;
                    }
                    EmissionRecord record;
                    try {
                        record = values.deserialize(r.topic(), r.value());
                    } catch (RuntimeException e) {
                        err.println("skipping record " + r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
                        err.flush();
                        continue;
                    }
                    printer.print(record);
                    if (max != null && ++printed >= max) {
                        return 0;
                    }
                }
            }
        } catch (WakeupException e) {
            // Ctrl-C: stop quietly
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + settings.bootstrapServers() + " within "
                    + CONNECT_TIMEOUT.toSeconds() + " s (is 'carbonedge up' running?)", e);
        }
        out.flush();
        return 0;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, ClientSettings settings) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.EMISSIONS.name(), CONNECT_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.EMISSIONS.name() + " does not exist on " + settings.bootstrapServers());
        }
        List<TopicPartition> out = new ArrayList<>();
        infos.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
        return out;
    }

    private static boolean atEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
