package org.carbonedge.jobs.testing;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.carbonedge.jobs.kafka.RawRecord;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.TopicDef;

/**
 * Bounded in-memory sources of {@link RawRecord}s for whole-job tests, built on Flink's {@link DataGeneratorSource}
 * (one record per index, in order, at parallelism 1). Records are in the Confluent wire format of a
 * {@link TopicCatalog}, or raw bytes, with their topic and offset (their index) as a Kafka source would give them.
 *
 * <p>A job over bounded sources ends when they do, and pending processing-time timers (a router retry, the emissions
 * job's wait for intensity) never fire then. So a source can hold its first record back for a moment (the broadcast
 * tables arrive first) and its last record until a {@link Condition} holds (the outputs the test waits for arrived),
 * which keeps the job running as long as that needs, within a limit.
 */
public final class InMemorySource {

    /** A check the source's last record waits for; static state only (it is serialized with the job). */
    @FunctionalInterface
    public interface Condition extends Serializable {
        boolean holds();
    }

    private final List<Raw> records = new ArrayList<>();
    private final TopicCatalog catalog;
    private Duration firstDelay = Duration.ZERO;
    private Condition beforeLast;
    private Duration maxWait = Duration.ofSeconds(15);

    private InMemorySource(TopicCatalog catalog) {
        this.catalog = catalog;
    }

    /** A source whose Avro records are encoded by {@code catalog}'s serdes (their schemas must be registered). */
    public static InMemorySource with(TopicCatalog catalog) {
        return new InMemorySource(catalog);
    }

    /** Adds {@code value} as topic {@code def}'s serdes write it, under {@code key}. */
    public <V extends SpecificRecord> InMemorySource add(TopicDef<V> def, String key, V value) {
        Topic<V> topic = catalog.topic(def);
        return addRaw(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    /** Adds a record of raw bytes (e.g. undecodable ones). */
    public InMemorySource addRaw(String topic, String key, byte[] value) {
        records.add(new Raw(topic, records.size(), key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                value));
        return this;
    }

    /** Holds the first record back for {@code delay}. */
    public InMemorySource firstAfter(Duration delay) {
        this.firstDelay = delay;
        return this;
    }

    /** Holds the last record back until {@code condition} holds, or {@code limit} passed. */
    public InMemorySource lastWhen(Condition condition, Duration limit) {
        this.beforeLast = condition;
        this.maxWait = limit;
        return this;
    }

    public Source<RawRecord, ?, ?> build() {
        if (records.isEmpty()) {
            throw new IllegalStateException("an in-memory source needs at least one record");
        }
        return new DataGeneratorSource<>(new Generator(List.copyOf(records), firstDelay.toMillis(), beforeLast,
                maxWait.toMillis()), records.size(), TypeInformation.of(RawRecord.class));
    }

    /** A record's fields ({@link RawRecord} is not {@link Serializable}). */
    private record Raw(String topic, long offset, byte[] key, byte[] value) implements Serializable {
    }

    private static final class Generator implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;
        private final List<Raw> records;
        private final long firstDelayMillis;
        private final Condition beforeLast;
        private final long maxWaitMillis;

        Generator(List<Raw> records, long firstDelayMillis, Condition beforeLast, long maxWaitMillis) {
            this.records = records;
            this.firstDelayMillis = firstDelayMillis;
            this.beforeLast = beforeLast;
            this.maxWaitMillis = maxWaitMillis;
        }

        @Override
        public RawRecord map(Long index) throws Exception {
            int i = index.intValue();
            if (i == 0 && firstDelayMillis > 0) {
                Thread.sleep(firstDelayMillis);
            }
            if (i == records.size() - 1 && beforeLast != null) {
                long until = System.nanoTime() + maxWaitMillis * 1_000_000;
                while (!beforeLast.holds() && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
            }
            Raw r = records.get(i);
            return new RawRecord(r.topic(), 0, r.offset(), System.currentTimeMillis(), r.key(), r.value());
        }
    }
}
