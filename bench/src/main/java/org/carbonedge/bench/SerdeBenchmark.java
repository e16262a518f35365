package org.carbonedge.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.platform.registry.SchemaRegistryServer;
import org.carbonedge.platform.registry.store.InMemorySchemaStore;
import org.carbonedge.schemas.Topic;
import org.carbonedge.schemas.TopicCatalog;
import org.carbonedge.schemas.Topics;
import org.carbonedge.schemas.serde.AvroBounds;
import org.carbonedge.schemas.serde.AvroLimits;
import org.carbonedge.schemas.serde.ConfluentWireFormat;
import org.carbonedge.schemas.serde.RegistryClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What encoding and decoding one {@link InferenceRequest} costs through the project's serde, against plain Avro.
 * The request carries one float tensor of {@code tensorBytes}: 602,112 bytes is MobileNetV2's input
 * {@code [1,3,224,224]}, 3,136 MNIST's {@code [1,1,28,28]}.
 *
 * <ul>
 *   <li>{@code serdeEncode} / {@code serdeDecode}: the value serde of {@code carbonedge.requests} exactly as every
 *       service builds it ({@link TopicCatalog#topic}: {@code RegistryAvroSerializer}, and
 *       {@code RegistryAvroDeserializer} over {@code BoundedAvroReader}), against an embedded registry over an
 *       in-memory store on loopback. The schema id is fetched once, in the set-up; nothing measured goes to it.</li>
 *   <li>{@code avroEncode} / {@code avroDecode}: plain Avro, {@link SpecificDatumWriter} into a
 *       {@link ByteArrayOutputStream} and {@link SpecificDatumReader} over the same framed bytes past the header:
 *       no bounds check, no trailing-bytes check, no failure translation.</li>
 *   <li>{@code boundsCheck}: {@link AvroBounds#check} alone, the pass over the record the bounded decoder makes
 *       before Avro allocates anything.</li>
 * </ul>
 * {@code serdeDecode - avroDecode} is the cost of the bounded decoder.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class SerdeBenchmark {

    /** MobileNetV2's input, {@code [1,3,224,224]} float32. */
    public static final int MOBILENET_V2_INPUT_BYTES = 602_112;
    /** MNIST's input, {@code [1,1,28,28]} float32. */
    public static final int MNIST_INPUT_BYTES = 3_136;

    /** Bytes of the request's one float32 tensor (a multiple of 4). */
    @Param({"602112", "3136"})
    public int tensorBytes;

    private SchemaRegistryServer registry;
    private String topic;
    private Serializer<InferenceRequest> serializer;
    private Deserializer<InferenceRequest> deserializer;
    private SpecificDatumWriter<InferenceRequest> avroWriter;
    private SpecificDatumReader<InferenceRequest> avroReader;
    private AvroBounds bounds;
    private InferenceRequest request;
    private byte[] framed;

    @Setup(Level.Trial)
    public void setUp() {
        request = request(tensorBytes);
        registry = SchemaRegistryServer.start(new InMemorySchemaStore(), "127.0.0.1", 0);
        Topic<InferenceRequest> requests = new TopicCatalog(new RegistryClient(registry.url()), true).topic(Topics.REQUESTS);
        topic = requests.name();
        serializer = requests.valueSerde().serializer();
        deserializer = requests.valueSerde().deserializer();
        framed = serializer.serialize(topic, request); // registers the schema: the id is cached from here on
        if (!request.equals(deserializer.deserialize(topic, framed))) { // and fetches it back by id, cached too
            throw new IllegalStateException("the serde does not round-trip the request");
        }
        Schema schema = InferenceRequest.getClassSchema();
        avroWriter = new SpecificDatumWriter<>(schema);
        avroReader = new SpecificDatumReader<>(schema);
        bounds = AvroBounds.of(schema, AvroLimits.DEFAULTS);
        if (!request.equals(avroDecode())) {
            throw new IllegalStateException("plain Avro does not read the serde's bytes back");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    /** A request like a client's: ids, policy, a timestamp and one float32 tensor of random bytes (fixed seed). */
    static InferenceRequest request(int tensorBytes) {
        if (tensorBytes < 4 || tensorBytes % 4 != 0) {
            throw new IllegalArgumentException("tensorBytes must be a positive multiple of 4, not " + tensorBytes);
        }
        List<Long> shape = switch (tensorBytes) {
            case MOBILENET_V2_INPUT_BYTES -> List.of(1L, 3L, 224L, 224L);
            case MNIST_INPUT_BYTES -> List.of(1L, 1L, 28L, 28L);
            default -> List.of(1L, (long) tensorBytes / 4);
        };
        byte[] data = new byte[tensorBytes];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < data.length; i += 4) {
            ByteBuffer.wrap(data, i, 4).putFloat(random.nextFloat()); // plausible floats, not all zeros
        }
        Tensor tensor = Tensor.newBuilder().setName("input").setDtype(TensorDataType.FLOAT32).setShape(shape)
                .setData(ByteBuffer.wrap(data)).build();
        return InferenceRequest.newBuilder().setRequestId("bench-00000001").setModelId("mobilenetv2")
                .setInputs(List.of(tensor)).setPolicy("balanced").setSubmittedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setClientId("bench").setAttributes(Map.of("run", "bench")).build();
    }

    @Benchmark
    public byte[] serdeEncode() {
        return serializer.serialize(topic, request);
    }

    @Benchmark
    public InferenceRequest serdeDecode() {
        return deserializer.deserialize(topic, framed);
    }

    @Benchmark
    public byte[] avroEncode() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(framed, 0, ConfluentWireFormat.HEADER_BYTES); // the same framing, so the sizes match
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        avroWriter.write(request, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Benchmark
    public InferenceRequest avroDecode() {
        try {
            return avroReader.read(null, DecoderFactory.get().binaryDecoder(framed, ConfluentWireFormat.HEADER_BYTES,
                    framed.length - ConfluentWireFormat.HEADER_BYTES, null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public byte[] boundsCheck() {
        bounds.check(framed, ConfluentWireFormat.HEADER_BYTES, framed.length - ConfluentWireFormat.HEADER_BYTES);
        return framed;
    }
}
