package org.carbonedge.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.errors.SerializationException;
import org.carbonedge.avro.InferenceRequest;
import org.junit.jupiter.api.Test;

/** Each rule of the pre-pass, on hand-made encodings; and every valid datum of every project schema passes. */
class AvroBoundsTest {

    private static final AvroLimits SMALL = new AvroLimits(1 << 20, 1000, 8);

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static Schema record(String fieldType) {
        return parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\",\"type\":" + fieldType + "}]}");
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void refused(Schema schema, byte[] body, String reason) {
        assertThatThrownBy(() -> AvroBounds.of(schema, SMALL).check(body, 0, body.length))
                .isInstanceOf(AvroBoundsException.class).isInstanceOf(SerializationException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void theThirteenByteRecordClaimingTwoGigabytesIsRefusedAtOnce() {
        byte[] hostile = HostileRecords.claiming2GiB(1);
        assertThat(hostile).hasSize(13);
        BoundedAvroReader<Object> reader = new BoundedAvroReader<>(id -> InferenceRequest.getClassSchema(),
                InferenceRequest.getClassSchema(), GenericData.get(), AvroLimits.DEFAULTS);

        long start = System.nanoTime();
        assertThatThrownBy(() -> reader.read("carbonedge.requests", hostile))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("InferenceRequest")
                .hasMessageContaining("string at byte 0 claims 2147483639 bytes, only 3 left");
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @Test
    void lengthsMustBeNonNegativeAndFitInWhatIsLeft() {
        refused(record("\"string\""), concat(HostileRecords.zigzagVarint(4), bytes('a', 'b')), "claims 4 bytes, only 2 left");
        refused(record("\"bytes\""), HostileRecords.zigzagVarint(-3), "negative length -3");
        refused(record("{\"type\":\"fixed\",\"name\":\"F\",\"size\":16}"), new byte[15], "needs 16 bytes, only 15 left");
        refused(record("\"double\""), new byte[7], "needs 8 bytes");
    }

    @Test
    void itemCountsMustFitTheBytesLeftAndTheItemLimit() {
        Schema ints = record("{\"type\":\"array\",\"items\":\"int\"}");
        refused(ints, concat(HostileRecords.zigzagVarint(1_000_000_000), new byte[20]),
                "claims 1000000000 items");
        refused(ints, concat(HostileRecords.zigzagVarint(30), new byte[20]), "claims 30 items of at least 1 bytes each, only 20");
        Schema nulls = record("{\"type\":\"array\",\"items\":\"null\"}");
        refused(nulls, concat(HostileRecords.zigzagVarint(1L << 31), bytes(0)), "over the limit of 1000 items");
        byte[] tenNullsInTwoBlocks = concat(HostileRecords.zigzagVarint(500), HostileRecords.zigzagVarint(500), bytes(0));
        assertThatCode(() -> AvroBounds.of(nulls, SMALL).check(tenNullsInTwoBlocks, 0, tenNullsInTwoBlocks.length))
                .doesNotThrowAnyException();
        byte[] oneTooMany = concat(HostileRecords.zigzagVarint(500), HostileRecords.zigzagVarint(501), bytes(0));
        refused(nulls, oneTooMany, "(500 read before it)");
        Schema map = record("{\"type\":\"map\",\"values\":\"null\"}");
        refused(map, concat(HostileRecords.zigzagVarint(3), bytes(0, 0)), "claims 3 items of at least 1 bytes");
    }

    @Test
    void negativeBlockCountsCarryAByteSizeThatMustMatch() {
        Schema longs = record("{\"type\":\"array\",\"items\":\"long\"}");
        byte[] good = concat(HostileRecords.zigzagVarint(-2), HostileRecords.zigzagVarint(2), bytes(2, 4, 0));
        assertThatCode(() -> AvroBounds.of(longs, SMALL).check(good, 0, good.length)).doesNotThrowAnyException();
        refused(longs, concat(HostileRecords.zigzagVarint(-2), HostileRecords.zigzagVarint(3), bytes(2, 4, 0)),
                "claims 3 bytes, its items take 2");
        refused(longs, concat(HostileRecords.zigzagVarint(-2), HostileRecords.zigzagVarint(1L << 31), bytes(2, 4, 0)),
                "claims 2147483648 bytes, only 3 left");
        refused(longs, concat(HostileRecords.zigzagVarint(-2), HostileRecords.zigzagVarint(-1), bytes(2, 4, 0)),
                "claims -1 bytes");
    }

    @Test
    void indexesBooleansAndVarintsMustBeValid() {
        refused(record("[\"null\",\"int\"]"), HostileRecords.zigzagVarint(2), "branch index 2, it has 2 branches");
        refused(record("[\"null\",\"int\"]"), HostileRecords.zigzagVarint(-1), "branch index -1");
        refused(record("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}"), HostileRecords.zigzagVarint(5),
                "symbol index 5, it has 2 symbols");
        refused(record("\"boolean\""), bytes(2), "neither 0 nor 1");
        refused(record("\"int\""), bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x01), "longer than 5 bytes");
        refused(record("\"long\""), bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
                "longer than 10 bytes");
        refused(record("\"long\""), bytes(0x80, 0x80), "cut off by the end of the record");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedBeforeAvroRecursesIntoIt() {
        // Node.next = Node, 100 deep: union index 1 then the next node, each with an empty label
        ByteArrayOutputStream deep = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            deep.writeBytes(bytes(0, 2)); // label "", next = branch 1 (Node)
        }
        Schema list = parse("{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"label\",\"type\":\"string\"},"
                + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
        refused(list, deep.toByteArray(), "over the limit of 8");
        Schema selfOnly = parse("{\"type\":\"record\",\"name\":\"Loop\",\"fields\":[{\"name\":\"self\",\"type\":\"Loop\"}]}");
        refused(selfOnly, new byte[0], "over the limit of 8");
        Schema arrayOfLoops = record("{\"type\":\"array\",\"items\":" + selfOnly + "}");
        refused(arrayOfLoops, concat(HostileRecords.zigzagVarint(5), bytes(0)), "over the limit of 8");
    }

    @Test
    void theWalkMustEndAtTheEndOfTheRecord() {
        refused(record("\"int\""), bytes(2, 7), "1 trailing bytes");
        refused(record("\"int\""), new byte[0], "cut off");
        byte[] tooBig = new byte[(1 << 20) + 1];
        refused(record("\"bytes\""), tooBig, "over the limit of 1048576 bytes");
    }

    @Test
    void leastEncodedSizesAreLowerBounds() {
        Schema s = parse("{\"type\":\"record\",\"name\":\"M\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                + "{\"name\":\"b\",\"type\":\"double\"},{\"name\":\"c\",\"type\":\"null\"},"
                + "{\"name\":\"d\",\"type\":[\"null\",\"string\"]},{\"name\":\"e\",\"type\":{\"type\":\"fixed\",\"name\":\"X\",\"size\":3}}]}");
        assertThat(AvroBounds.of(s, SMALL).minBytes(s)).isEqualTo(1 + 8 + 0 + 1 + 3);
        assertThat(AvroBounds.of(ProjectSchemas.RECURSIVE, SMALL).minBytes(ProjectSchemas.RECURSIVE))
                .isEqualTo(1 + 1 + 1 + 1 + 1 + 1 + 4);
    }

    @Test
    void everyValidDatumOfEveryProjectSchemaPasses() {
        RandomDatums random = new RandomDatums(new Random(7));
        List<Schema> schemas = ProjectSchemas.all();
        assertThat(schemas).hasSizeGreaterThanOrEqualTo(10);
        for (Schema s : schemas) {
            AvroBounds bounds = AvroBounds.of(s, AvroLimits.DEFAULTS);
            for (int i = 0; i < 200; i++) {
                byte[] body = RandomDatums.encode(s, random.of(s));
                assertThatCode(() -> bounds.check(body, 0, body.length)).as(s.getName()).doesNotThrowAnyException();
            }
        }
    }
}
