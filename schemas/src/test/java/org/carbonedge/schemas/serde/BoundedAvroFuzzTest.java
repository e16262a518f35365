package org.carbonedge.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HexFormat;
import java.util.Random;
import java.util.SplittableRandom;

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
    private static final int BODY_TRIES = 3_000;
    private static final int MAX_BODY_BYTES = 200;
    private static final byte[] EDGE_BYTES = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xff};

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

    /**
     * Any bytes after a valid header: decoded or rejected with a reason, never anything else. 3,000 seeded tries of
     * 0 to 200 random bytes; try {@code t} draws from {@link #bodyRandom(int) bodyRandom(t)}, so a failure replays
     * alone. The empty body, one byte and 200 bytes come 1 time in 10 each, and 1 byte in 5 is 0x00, 0x01, 0x7f,
     * 0x80 or 0xff (Avro's varint edges: the longest, the most negative lengths and counts).
     */
    @Test
    void anyBodyIsDecodedOrRejected() {
        BoundedAvroReader<Object> reader = new BoundedAvroReader<>(id -> InferenceRequest.getClassSchema(),
                InferenceRequest.getClassSchema(), GenericData.get(), AvroLimits.DEFAULTS);
        FuzzTally tally = new FuzzTally("random bodies");
        for (int t = 0; t < BODY_TRIES; t++) {
            byte[] body = body(bodyRandom(t));
            long escapedBefore = tally.escapedCount();
            tally.attempt(RandomDatums.frame(1, body), b -> reader.read("fuzz", b));
            assertThat(tally.escapedCount())
                    .as("seed=%d try=%d body=%s escapes=%s", SEED, t, HexFormat.of().formatHex(body), tally.escapes())
                    .isEqualTo(escapedBefore);
        }
        System.out.println(tally.summary());
        assertThat(tally.escapes()).isEmpty();
        assertThat(tally.records()).isEqualTo(BODY_TRIES);
    }

    /** The generator of body try {@code t}. */
    static SplittableRandom bodyRandom(int t) {
        return new SplittableRandom(SEED ^ (t * 0x9E3779B97F4A7C15L));
    }

    private static byte[] body(SplittableRandom r) {
        int pick = r.nextInt(10);
        int size = pick == 0 ? 0 : pick == 1 ? 1 : pick == 2 ? MAX_BODY_BYTES : r.nextInt(MAX_BODY_BYTES + 1);
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = r.nextInt(5) == 0 ? EDGE_BYTES[r.nextInt(EDGE_BYTES.length)] : (byte) r.nextInt(256);
        }
        return body;
    }

    private static Schema lookup(Map<Integer, Schema> byId, int id) {
        Schema s = byId.get(id);
        if (s == null) {
            throw new SerializationException("unknown schema id " + id);
        }
        return s;
    }
}
