package org.carbonedge.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.specific.SpecificRecord;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.TopicDef;
import org.carbonedge.schemas.serde.FuzzTally;
import org.carbonedge.schemas.serde.HostileRecords;
import org.carbonedge.schemas.serde.RandomDatums;
import org.carbonedge.schemas.serde.RegistryClient;
import org.junit.jupiter.api.Test;

/**
 * The topic serdes' deserializer, with the real registry client over HTTP against the embedded registry, fed random
 * and mutated records of every topic's value type (including header mutations that name unknown or other schema
 * ids): each is decoded into the generated class or rejected with a reason; nothing else escapes.
 */
class RegistryAvroDeserializerFuzzTest {

    private static final int VALID_PER_TYPE = 400;
    private static final int MUTANTS_PER_VALID = 6;

    @Test
    void everyTopicsRecordsAreDecodedOrRejectedWithAReason() {
        try (SchemaRegistryServer server = SchemaRegistryServer.start(new InMemorySchemaStore(), "127.0.0.1", 0)) {
            RegistryClient registry = new RegistryClient(server.url());
            TopicCatalog catalog = new TopicCatalog(registry, true);
            Random random = new Random(20261207L);
            RandomDatums datums = new RandomDatums(random);
            HostileRecords hostile = new HostileRecords(random);
            FuzzTally tally = new FuzzTally("RegistryAvroDeserializer, " + SampleRecords.all().size() + " topics");
            // in topic order: Map.of iterates in a different order each run, and the seeded sequence must replay
            List<Map.Entry<TopicDef<?>, SpecificRecord>> topics = new ArrayList<>(SampleRecords.all().entrySet());
            topics.sort(Comparator.comparing(e -> e.getKey().name()));
            for (Map.Entry<TopicDef<?>, SpecificRecord> e : topics) {
                fuzz(catalog, registry, e.getKey(), e.getValue(), datums, hostile, tally);
            }
            System.out.println(tally.summary());

            assertThat(tally.escapes()).isEmpty();
            assertThat(tally.escapedCount()).isZero();
            assertThat(tally.decodedCount()).isGreaterThan(SampleRecords.all().size() * (long) VALID_PER_TYPE);
            assertThat(tally.maxAllocatedBytes()).isLessThan(64L << 20);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> void fuzz(TopicCatalog catalog, RegistryClient registry, TopicDef<?> def,
                                                        SpecificRecord sample, RandomDatums datums,
                                                        HostileRecords hostile, FuzzTally tally) {
        Topic<V> topic = catalog.topic((TopicDef<V>) def);
        byte[] sampleBytes = topic.valueSerde().serializer().serialize(topic.name(), (V) sample);
        int id = registry.lookupId(def.valueSubject(), def.valueSchema());
        var deserializer = topic.valueSerde().deserializer();
        assertThat(deserializer.deserialize(topic.name(), sampleBytes)).isEqualTo(sample);
        tally.attempt(HostileRecords.claiming2GiB(id), b -> deserializer.deserialize(topic.name(), b));
        for (int i = 0; i < VALID_PER_TYPE; i++) {
            byte[] valid = i == 0 ? sampleBytes
                    : RandomDatums.frame(id, RandomDatums.encode(def.valueSchema(), datums.of(def.valueSchema())));
            tally.attempt(valid, b -> deserializer.deserialize(topic.name(), b));
            for (int m = 0; m < MUTANTS_PER_VALID; m++) {
                tally.attempt(hostile.mutate(valid), b -> deserializer.deserialize(topic.name(), b));
            }
        }
    }
}
