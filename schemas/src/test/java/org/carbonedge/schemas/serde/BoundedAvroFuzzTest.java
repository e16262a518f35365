package org.carbonedge.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.errors.SerializationException;
import org.carbonedge.avro.InferenceRequest;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated records of every project schema (and a recursive one) through {@link BoundedAvroReader}:
 * each is decoded or rejected with a reason, nothing else escapes, and no record makes the decoder allocate more
 * than a few MiB (the surefire heap is 1 GiB; a record claiming 2^31 bytes or items would not fit).
 */
class BoundedAvroFuzzTest {

    private static final long SEED = 20261207L;
    private static final int VALID_PER_SCHEMA = 1_000;
    private static final int MUTANTS_PER_VALID = 6;
    /** Tens of MiB at most: up to maxItems (2^20) nulls in arrays of the recursive schema are legal. */
    private static final long MAX_ALLOCATED_BYTES_PER_RECORD = 64L << 20;

    @Test
    void everyRecordOfEverySchemaIsDecodedOrRejectedWithAReason() {
        List<Schema> schemas = ProjectSchemas.all();
        Map<Integer, Schema> byId = new HashMap<>();
        for (int i = 0; i < schemas.size(); i++) {
            byId.put(i + 1, schemas.get(i));
        }
        Random random = new Random(SEED);
        RandomDatums datums = new RandomDatums(random);
        HostileRecords hostile = new HostileRecords(random);
        FuzzTally tally = new FuzzTally("BoundedAvroReader, " + schemas.size() + " schemas");
        long start = System.nanoTime();
        for (int i = 0; i < schemas.size(); i++) {
            int id = i + 1;
            Schema schema = schemas.get(i);
            BoundedAvroReader<Object> reader = new BoundedAvroReader<>(id2 -> lookup(byId, id2), schema,
                    GenericData.get(), AvroLimits.DEFAULTS);
            reader.read("warm-up", RandomDatums.frame(id, RandomDatums.encode(schema, datums.of(schema))));
            tally.attempt(HostileRecords.claiming2GiB(id), b -> reader.read("fuzz", b));
            for (int v = 0; v < VALID_PER_SCHEMA; v++) {
                Object datum = datums.of(schema);
                byte[] valid = RandomDatums.frame(id, RandomDatums.encode(schema, datum));
                assertThat(reader.read("fuzz", valid)).as(schema.getName()).isEqualTo(datum);
                tally.attempt(valid, b -> reader.read("fuzz", b));
                for (int m = 0; m < MUTANTS_PER_VALID; m++) {
                    tally.attempt(hostile.mutate(valid), b -> reader.read("fuzz", b));
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println(tally.summary() + " in " + millis + " ms");

        assertThat(tally.escapes()).isEmpty();
        assertThat(tally.escapedCount()).isZero();
        assertThat(tally.decodedCount()).isGreaterThan(schemas.size() * (long) VALID_PER_SCHEMA);
        assertThat(tally.rejectedCount()).isGreaterThan(schemas.size() * (long) VALID_PER_SCHEMA);
        assertThat(tally.maxAllocatedBytes()).isLessThan(MAX_ALLOCATED_BYTES_PER_RECORD);
    }

    /** Any bytes after a valid header: decoded or rejected with a reason, never anything else. */
    @Property(tries = 3_000, seed = "20261207")
    void anyBodyIsDecodedOrRejected(@ForAll @Size(max = 200) byte[] body) {
        BoundedAvroReader<Object> reader = new BoundedAvroReader<>(id -> InferenceRequest.getClassSchema(),
                InferenceRequest.getClassSchema(), GenericData.get(), AvroLimits.DEFAULTS);
        FuzzTally tally = new FuzzTally("random bodies");
        tally.attempt(RandomDatums.frame(1, body), b -> reader.read("fuzz", b));
        assertThat(tally.escapes()).isEmpty();
    }

    private static Schema lookup(Map<Integer, Schema> byId, int id) {
        Schema s = byId.get(id);
        if (s == null) {
            throw new SerializationException("unknown schema id " + id);
        }
        return s;
    }
}
