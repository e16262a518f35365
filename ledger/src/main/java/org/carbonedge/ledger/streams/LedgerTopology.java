package org.carbonedge.ledger.streams;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.carbonedge.avro.DeadLetter;
import org.carbonedge.avro.EmissionRecord;
import org.carbonedge.avro.GridIntensity;
import org.carbonedge.avro.IntensityKind;
import org.carbonedge.avro.ServiceEnergy;
import org.carbonedge.ledger.core.Contributions;
import org.carbonedge.ledger.core.Overheads;
import org.carbonedge.ledger.core.RecordCheck;
import org.carbonedge.ledger.core.Totals;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;

/**
 * The ledger's Kafka Streams topology:
 * <pre>
 * carbonedge.emissions ─► check ─┬─ countable ─► contributions per ledger key ─┬─► &lt;app&gt;-by-dimension-repartition
 *                                │                                               │   ─► sum per key (store ledger-totals)
 *                                └─ not countable ─► carbonedge.dead-letter      │
 * carbonedge.service-energy ─► check ─┬─ countable ─► join (zone) ─► overheads ──┘
 *                                     └─ not countable ─► carbonedge.dead-letter
 * carbonedge.grid-intensity ─► MEASURED only ─► latest per zone (table ledger-measured-intensity) ─► the join
 * </pre>
 * Service energy (the control plane's CPU, devices' idle time; issue #18) is keyed by zone on a topic with one
 * partition, as the grid intensity, so the join needs no repartition; it is priced at the zone's latest measured
 * intensity the ledger has read (a left join: without one it is counted as unpriced energy).
 * Re-keying goes through the repartition topic, so all of a key's totals live in one task on one instance, which
 * is the instance interactive queries for that key are answered by.
 */
public final class LedgerTopology {

    /** The queryable key-value store of totals per ledger key. */
    public static final String STORE = "ledger-totals";
    /** The latest measured intensity per zone, what service energy is priced at. */
    public static final String INTENSITY_STORE = "ledger-measured-intensity";
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
                .processValues(() -> new DeadLetterer<>(emissions.valueSerde().serializer(), RecordCheck::problem,
                        service, clock), Named.as("dead-letter"))
                .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                        .withName("dead-letter-sink"));

        Topic<GridIntensity> grid = catalog.topic(Topics.GRID_INTENSITY);
        // the store keeps the value alone (a plain double, no registry subject for its changelog)
        KTable<String, Double> measured = builder
                .stream(grid.name(), Consumed.with(grid.keySerde(), grid.valueSerde()).withName("grid-intensity"))
                .filter((zone, r) -> r != null && r.getKind() == IntensityKind.MEASURED && zone != null
                        && zone.equals(r.getZone()), Named.as("measured-only"))
                .mapValues(GridIntensity::getGco2PerKwh, Named.as("gco2-per-kwh"))
                .toTable(Named.as("latest-measured"), Materialized.<String, Double, KeyValueStore<Bytes, byte[]>>as(
                        INTENSITY_STORE).withKeySerde(Serdes.String()).withValueSerde(Serdes.Double()));
        Topic<ServiceEnergy> energy = catalog.topic(Topics.SERVICE_ENERGY);
        Map<String, KStream<String, ServiceEnergy>> energyChecked = builder
                .stream(energy.name(), Consumed.with(energy.keySerde(), energy.valueSerde()).withName("service-energy"))
                .filter((zone, r) -> r != null, Named.as("energy-not-tombstone"))
                .split(Named.as("energy-check-"))
                .branch((zone, r) -> Overheads.problem(r).isEmpty() && r.getZone().equals(zone), Branched.as("countable"))
                .defaultBranch(Branched.as("not-countable"));
        energyChecked.get("energy-check-not-countable")
                .processValues(() -> new DeadLetterer<>(energy.valueSerde().serializer(),
                        r -> Overheads.problem(r).or(() -> Optional.of("key is not the record's zone " + r.getZone())),
                        service, clock), Named.as("energy-dead-letter"))
                .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                        .withName("energy-dead-letter-sink"));
        KStream<String, Totals> overheads = energyChecked.get("energy-check-countable")
                .leftJoin(measured, Priced::new, Joined.with(energy.keySerde(), energy.valueSerde(), Serdes.Double(),
                        "energy-at-intensity"))
                .flatMap((zone, priced) -> pairs(Overheads.of(priced.energy(), priced.intensity())),
                        Named.as("overheads"));

        checked.get("check-countable")
                .flatMap((requestId, record) -> contributions(record, labels), Named.as("contributions"))
                .merge(overheads, Named.as("with-overheads"))
                .groupByKey(Grouped.with(BY_DIMENSION, Serdes.String(), totalsSerde))
                .reduce(Totals::plus, Named.as("sum"),
                        Materialized.<String, Totals, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(totalsSerde));
        return builder.build();
    }

    private static List<KeyValue<String, Totals>> contributions(EmissionRecord record, List<String> labels) {
        return pairs(Contributions.of(record, labels));
    }

    private static List<KeyValue<String, Totals>> pairs(Map<String, Totals> byKey) {
        List<KeyValue<String, Totals>> out = new ArrayList<>();
        byKey.forEach((key, totals) -> out.add(KeyValue.pair(key, totals)));
        return out;
    }

    /** A service-energy record with the intensity it is priced at, gCO2/kWh (null: none known). */
    private record Priced(ServiceEnergy energy, Double intensity) {
    }
}
