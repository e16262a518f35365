package org.carbonedge.ledger.streams;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.ledger.core.Contributions;
import org.carbonedge.ledger.core.RecordCheck;
import org.carbonedge.ledger.core.Totals;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;

/**
 * The ledger's Kafka Streams topology:
 * <pre>
 * carbonedge.emissions ─► check ─┬─ countable ─► contributions per ledger key ─► &lt;app&gt;-by-dimension-repartition
 *                                │                                               ─► sum per key (store ledger-totals)
 *                                └─ not countable ─► carbonedge.dead-letter (with the reason)
 * </pre>
 * Re-keying goes through the repartition topic, so all of a key's totals live in one task on one instance, which
 * is the instance interactive queries for that key are answered by.
 */
public final class LedgerTopology {

    /** The queryable key-value store of totals per ledger key. */
    public static final String STORE = "ledger-totals";
    /** Name of the repartition step (topic {@code <application.id>-by-dimension-repartition}). */
    public static final String BY_DIMENSION = "by-dimension";

    private LedgerTopology() {
    }

    public static Topology build(TopicCatalog catalog, String service, Clock clock) {
        return build(catalog, service, clock, List.of());
    }

    /** The topology, totalling also by each of {@code labels} (request attributes) a record carries. */
    public static Topology build(TopicCatalog catalog, String service, Clock clock, List<String> labels) {
        Topic<EmissionRecord> emissions = catalog.topic(Topics.EMISSIONS);
        Topic<DeadLetter> deadLetters = catalog.topic(Topics.DEAD_LETTER);
        TotalsSerde totalsSerde = new TotalsSerde();
        StreamsBuilder builder = new StreamsBuilder();
        Map<String, KStream<String, EmissionRecord>> checked = builder
                .stream(emissions.name(), Consumed.with(emissions.keySerde(), emissions.valueSerde())
                        .withName("emissions"))
                .filter((requestId, record) -> record != null, Named.as("not-tombstone"))
                .split(Named.as("check-"))
                .branch((requestId, record) -> RecordCheck.problem(record).isEmpty(), Branched.as("countable"))
                .defaultBranch(Branched.as("not-countable"));

        checked.get("check-not-countable")
                .processValues(() -> new DeadLetterer(emissions.valueSerde().serializer(), service, clock),
                        Named.as("dead-letter"))
                .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                        .withName("dead-letter-sink"));

        checked.get("check-countable")
                .flatMap((requestId, record) -> contributions(record, labels), Named.as("contributions"))
                .groupByKey(Grouped.with(BY_DIMENSION, Serdes.String(), totalsSerde))
                .reduce(Totals::plus, Named.as("sum"),
                        Materialized.<String, Totals, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(totalsSerde));
        return builder.build();
    }

    private static List<KeyValue<String, Totals>> contributions(EmissionRecord record, List<String> labels) {
        List<KeyValue<String, Totals>> out = new ArrayList<>();
        Contributions.of(record, labels).forEach((key, totals) -> out.add(KeyValue.pair(key, totals)));
        return out;
    }
}
