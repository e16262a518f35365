package org.carbonedge.cli.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.carbonedge.bench.JmhSettings;
import org.carbonedge.bench.SerdeBenchmark;
import org.carbonedge.cli.UsageException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.results.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code carbonedge bench serde}: encoding and decoding an InferenceRequest through the topic serde (registry
 * framing, bounded decoder) against plain Avro, measured by JMH ({@link SerdeBenchmark}).
 */
@Command(name = "serde", mixinStandardHelpOptions = true,
        description = {"Encode and decode time of an InferenceRequest, topic serde vs plain Avro, measured by JMH.",
                "SerdeBenchmark: a request with one float32 tensor through the project's serde (RegistryAvroSerializer;"
                        + " RegistryAvroDeserializer over BoundedAvroReader) against plain Avro (SpecificDatumWriter/Reader),"
                        + " and the bounds check alone."})
public final class BenchSerdeCommand implements Callable<Integer> {

    private static final String[] METHODS = {"serdeEncode", "avroEncode", "serdeDecode", "avroDecode", "boundsCheck"};

    @Option(names = "--tensor-bytes", split = ",", paramLabel = "N,N,...",
            description = "Tensor sizes, multiples of 4 (default: 602112,3136: MobileNetV2's and MNIST's inputs).")
    int[] tensorBytes = {SerdeBenchmark.MOBILENET_V2_INPUT_BYTES, SerdeBenchmark.MNIST_INPUT_BYTES};

    @Mixin
    JmhIterationOptions jmh = new JmhIterationOptions();

    @Override
    public Integer call() {
        JmhSettings settings = jmh.settings();
        String[] sizes = new String[tensorBytes.length];
        for (int i = 0; i < tensorBytes.length; i++) {
            if (tensorBytes[i] < 4 || tensorBytes[i] % 4 != 0) {
                throw new UsageException("--tensor-bytes must be positive multiples of 4, not " + tensorBytes[i]);
            }
            sizes[i] = Integer.toString(tensorBytes[i]);
        }
        System.err.println("bench serde: JMH average time, " + settings.describe() + " per benchmark, "
                + METHODS.length * sizes.length + " benchmarks");
        Collection<RunResult> results;
        try {
            results = new Runner(settings.options(SerdeBenchmark.class, METHODS).param("tensorBytes", sizes).build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH run failed: " + JmhSettings.why(e), e);
        }
        System.out.printf(Locale.ROOT, "%12s %11s %11s %11s %11s %10s %11s%n", "tensor bytes", "serde enc µs",
                "avro enc µs", "serde dec µs", "avro dec µs", "bounds µs", "bounded +%");
        StringBuilder lines = new StringBuilder();
        for (int bytes : tensorBytes) {
            double serdeEncode = micros(results, "serdeEncode", bytes);
            double avroEncode = micros(results, "avroEncode", bytes);
            double serdeDecode = micros(results, "serdeDecode", bytes);
            double avroDecode = micros(results, "avroDecode", bytes);
            double bounds = micros(results, "boundsCheck", bytes);
            double boundedPct = 100 * (serdeDecode - avroDecode) / avroDecode;
            System.out.printf(Locale.ROOT, "%12d %11.2f %11.2f %11.2f %11.2f %10.3f %10.1f%%%n", bytes, serdeEncode,
                    avroEncode, serdeDecode, avroDecode, bounds, boundedPct);
            lines.append(String.format(Locale.ROOT, "bench=serde tensor_bytes=%d serde_encode_us=%.2f avro_encode_us=%.2f"
                    + " serde_decode_us=%.2f avro_decode_us=%.2f bounds_check_us=%.3f bounded_decode_overhead_pct=%.1f%n",
                    bytes, serdeEncode, avroEncode, serdeDecode, avroDecode, bounds, boundedPct));
        }
        System.out.print(lines);
        return 0;
    }

    /** Mean time of one call of {@code method} at {@code bytes}, µs (the benchmark's output unit). */
    private static double micros(Collection<RunResult> results, String method, int bytes) {
        String name = SerdeBenchmark.class.getName() + "." + method;
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().equals(name)
                        && r.getParams().getParam("tensorBytes").equals(Integer.toString(bytes)))
                .findFirst().orElseThrow(() -> new IllegalStateException("JMH gave no result for " + name + " at " + bytes))
                .getPrimaryResult().getScore();
    }
}
