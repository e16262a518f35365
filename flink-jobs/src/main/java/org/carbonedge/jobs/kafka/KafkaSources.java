package org.carbonedge.jobs.kafka;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.carbonedge.common.ClientSettings;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.Topics;

/**
 * Flink Kafka sources of {@link RawRecord}s for catalog topics, configured the way every CarbonEdge consumer is
 * ({@link ClientSettings#consumer}: read_committed, TLS/SASL overrides). They start at the group's committed
 * offsets, or the earliest when it has none. The builders are returned unbuilt so a caller can still bound them
 * or change the starting offsets; decode the records with {@link DecodeFunction}.
 */
public final class KafkaSources {

    /** Every device task topic, {@code carbonedge.tasks.<deviceId>}. */
    public static final Pattern DEVICE_TASKS = Pattern.compile(Pattern.quote(Topics.PREFIX + "tasks.") + ".+");
    /** How often a pattern source looks for new topics (a device that joined). */
    public static final Duration PATTERN_DISCOVERY_INTERVAL = Duration.ofSeconds(10);

    private KafkaSources() {
    }

    /** A raw source over fixed catalog topics, for consumer group {@code groupId}. */
    public static KafkaSourceBuilder<RawRecord> topics(ClientSettings settings, String groupId, TopicDef<?>... topics) {
        if (topics.length == 0) {
            throw new IllegalArgumentException("no topics given");
        }
        String[] names = Arrays.stream(topics).map(TopicDef::name).toArray(String[]::new);
        return base(settings, groupId, clientIdPrefix(groupId, names[0])).setTopics(names);
    }

    /**
     * A raw source over every topic matching {@code topicPattern} (e.g. {@link #DEVICE_TASKS}), picking up topics
     * created later within {@link #PATTERN_DISCOVERY_INTERVAL}.
     */
    public static KafkaSourceBuilder<RawRecord> pattern(ClientSettings settings, String groupId, Pattern topicPattern) {
        return base(settings, groupId, clientIdPrefix(groupId, topicPattern.pattern()))
                .setTopicPattern(topicPattern)
                .setProperty(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS.key(),
                        Long.toString(PATTERN_DISCOVERY_INTERVAL.toMillis()));
    }

    /** A built raw source over fixed catalog topics (the common case). */
    public static KafkaSource<RawRecord> of(ClientSettings settings, String groupId, TopicDef<?>... topics) {
        return topics(settings, groupId, topics).build();
    }

    /**
     * A built raw source over fixed catalog topics that a fresh job reads from the earliest offset, whatever the group
     * committed: for the tables a job broadcasts, which it must rebuild whole (a restored job resumes from its
     * checkpoint).
     */
    public static KafkaSource<RawRecord> fromEarliest(ClientSettings settings, String groupId, TopicDef<?>... topics) {
        return topics(settings, groupId, topics).setStartingOffsets(OffsetsInitializer.earliest()).build();
    }

    /**
     * The records of {@code source} as a stream without watermarks (CarbonEdge jobs use processing-time timers),
     * operator uid {@code source-<name>}; decode it with {@link DecodeFunction#decode}.
     */
    public static DataStream<RawRecord> stream(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, String name) {
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), name + " source").uid("source-" + name);
    }

    private static KafkaSourceBuilder<RawRecord> base(ClientSettings settings, String groupId, String clientIdPrefix) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setProperties(sourceProperties(settings, groupId))
                .setGroupId(groupId)
                .setClientIdPrefix(clientIdPrefix)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer());
    }

    /** The consumer config minus what the source sets itself (starting offsets replace auto.offset.reset). */
    private static Properties sourceProperties(ClientSettings settings, String groupId) {
        Properties props = asProperties(settings.consumer(groupId));
        props.remove(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
        return props;
    }

    /** Kafka client configs as string properties (the Flink builders read them with getProperty). */
    static Properties asProperties(Map<String, Object> config) {
        Properties props = new Properties();
        config.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        return props;
    }

    private static String clientIdPrefix(String groupId, String what) {
        return groupId + "-" + what.replaceAll("[^A-Za-z0-9._-]", "");
    }
}
