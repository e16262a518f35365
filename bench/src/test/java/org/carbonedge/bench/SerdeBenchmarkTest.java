package org.carbonedge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.carbonedge.avro.InferenceRequest;
import org.junit.jupiter.api.Test;

/** SerdeBenchmark's operations, called once each outside JMH: the serde and plain Avro agree on the bytes. */
class SerdeBenchmarkTest {

    @Test
    void theSerdeAndPlainAvroWriteAndReadTheSameRecord() throws Exception {
        SerdeBenchmark benchmark = new SerdeBenchmark();
        benchmark.tensorBytes = SerdeBenchmark.MOBILENET_V2_INPUT_BYTES;
        benchmark.setUp(); // starts the registry, and checks both round trips
        try {
            byte[] serde = benchmark.serdeEncode();
            assertThat(serde.length).isGreaterThan(SerdeBenchmark.MOBILENET_V2_INPUT_BYTES);
            assertThat(benchmark.avroEncode()).isEqualTo(serde);
            InferenceRequest decoded = benchmark.serdeDecode();
            assertThat(decoded).isEqualTo(benchmark.avroDecode());
            assertThat(decoded.getInputs().get(0).getShape()).containsExactly(1L, 3L, 224L, 224L);
            assertThat(decoded.getInputs().get(0).getData().remaining()).isEqualTo(602_112);
            assertThat(benchmark.boundsCheck()).isSameAs(benchmark.boundsCheck());
        } finally {
            benchmark.tearDown();
        }
    }
}
