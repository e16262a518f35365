package org.carbonedge.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * What the reader makes of failures behind the bounds: an Error a record makes Avro throw is that record's
 * {@link SerializationException} with the reason; an outage of the registry and a broken deployment are not.
 */
class BoundedAvroReaderTest {

    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"}]}");
    private static final byte[] RECORD = RandomDatums.frame(1, new byte[]{4, 'h', 'i'}); // zigzag(2), "hi"

    /** A data model whose datum reader throws {@code error}, as Avro would on a record it cannot hold. */
    private static GenericData throwing(Error error) {
        return new GenericData() {
            @Override
            public DatumReader createDatumReader(Schema writer, Schema reader) {
                return new DatumReader<Object>() {
                    @Override
                    public void setSchema(Schema schema) {
                    }

                    @Override
                    public Object read(Object reuse, Decoder in) {
                        throw error;
                    }
                };
            }
        };
    }

    private static BoundedAvroReader<Object> reader(GenericData data) {
        return new BoundedAvroReader<>(id -> SCHEMA, SCHEMA, data, AvroLimits.DEFAULTS);
    }

    @Test
    void decodesAValidRecord() {
        GenericData.Record r = (GenericData.Record) reader(GenericData.get()).read("t", RECORD);
        assertThat(r.get("s").toString()).isEqualTo("hi");
        assertThat(reader(GenericData.get()).read("t", null)).isNull();
    }

    @Test
    void anOutOfMemoryOrStackOverflowErrorIsTheRecordsFailure() {
        assertThatThrownBy(() -> reader(throwing(new OutOfMemoryError("Java heap space"))).read("t", RECORD))
                .isInstanceOf(SerializationException.class)
                .hasMessage("corrupt R record (schema id 1) on t: java.lang.OutOfMemoryError: Java heap space");
        assertThatThrownBy(() -> reader(throwing(new StackOverflowError())).read("t", RECORD))
                .isInstanceOf(SerializationException.class).hasMessageContaining("StackOverflowError");
    }

    @Test
    void aBrokenDeploymentOrAnUnreachableRegistryIsNot() {
        assertThatThrownBy(() -> reader(throwing(new NoClassDefFoundError("org/x/Y"))).read("t", RECORD))
                .isInstanceOf(NoClassDefFoundError.class);
        RegistryException outage = new RegistryException("registry unreachable", -1, null);
        BoundedAvroReader<Object> reader = new BoundedAvroReader<>(id -> {
            throw outage;
        }, SCHEMA, GenericData.get(), AvroLimits.DEFAULTS);
        assertThatThrownBy(() -> reader.read("t", RECORD)).isSameAs(outage);
    }

    @Test
    void aRecordOverTheSizeLimitIsRefusedBeforeItsSchemaIsFetched() {
        BoundedAvroReader<Object> reader = new BoundedAvroReader<>(id -> {
            throw new AssertionError("fetched");
        }, SCHEMA, GenericData.get(), new AvroLimits(2, 10, 10));
        assertThatThrownBy(() -> reader.read("t", RECORD)).isInstanceOf(AvroBoundsException.class)
                .hasMessage("R record of 3 bytes on t is over the limit of 2 bytes");
    }
}
