package org.carbonedge.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.carbonedge.avro.Tensor;
import org.carbonedge.executor.model.ModelZoo;
import org.carbonedge.executor.model.partition.ModelSplitter;
import org.carbonedge.executor.model.partition.SplitModel;
import org.carbonedge.executor.model.partition.SplitOptions;
import org.carbonedge.executor.onnx.PartRun;
import org.carbonedge.executor.onnx.PartitionRunner;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.executor.onnx.TensorCodec;

/**
 * Measures what partitioning costs: per inference, the whole model's compute time against the summed compute
 * time of its chained parts (same runner, one intra-op thread, interleaved runs after a warm-up), and per cut
 * the time to serialise the cut tensors (ONNX Runtime output → wire tensor → Avro bytes → wire tensor → ONNX
 * Runtime input) as a percentage of the compute time of the part that produced them. Not a timed test: a
 * command that prints figures ({@code ./carbonedge bench partition}). A hand-rolled harness rather than JMH: it
 * times ONNX Runtime runs of real model files and reads each run's compute and codec times from the runner
 * ({@code PartitionRunner.runTimed}), interleaving whole and chained runs so both see the same machine state.
 *
 * <p>Before timing, the serialisation path alone is run {@value #CODEC_WARMUP} times so it is JIT-compiled, as
 * it is in a long-running executor; a few hundred inferences are not enough for that because compute dominates
 * their wall time (without it, serialisation reads 3-4× slower). Run with {@code -XX:+UseSerialGC} or a G1
 * region size over twice the largest cut tensor: G1 allocates 100 KB arrays as humongous objects, which
 * multiplies their cost.
 */
public final class PartitionBench {
  /** Round trips of the cut tensors through the codec and Avro before timing, for JIT warm-up. */
  static final int CODEC_WARMUP = 20_000;

  private PartitionBench() {}

  /** Figures of one benchmark run; times in milliseconds. */
  public record Result(String model, int parts, int runs, double wholeMedianMs, double wholeP99Ms,
      double chainedMedianMs, double chainedP99Ms, double[] partMedianMs, double[] serializePctPerCut) {

    /** Chained median over whole median. */
    public double ratio() {
      return chainedMedianMs / wholeMedianMs;
    }

    /** Largest serialisation share over all cuts, percent. */
    public double maxSerializePct() {
      return Arrays.stream(serializePctPerCut).max().orElse(0);
    }

    /** The closing line scripts parse. */
    public String line() {
      return String.format(Locale.ROOT,
          "bench=partition model=%s parts=%d whole_ms=%.3f chained_ms=%.3f ratio=%.3f serialize_pct=%.2f",
          model, parts, wholeMedianMs, chainedMedianMs, ratio(), maxSerializePct());
    }

    /** Human-readable report ending with {@link #line()}. */
    public String report() {
      StringBuilder b = new StringBuilder();
      b.append(String.format(Locale.ROOT, "model %s, %d parts, %d runs after warm-up, 1 intra-op thread%n",
          model, parts, runs));
      b.append(String.format(Locale.ROOT, "whole   compute: median %.3f ms, p99 %.3f ms%n", wholeMedianMs,
          wholeP99Ms));
      b.append(String.format(Locale.ROOT, "chained compute: median %.3f ms, p99 %.3f ms (ratio %.3f)%n",
          chainedMedianMs, chainedP99Ms, ratio()));
      for (int i = 0; i < partMedianMs.length; i++) {
        b.append(String.format(Locale.ROOT, "  part %d compute median %.3f ms%s%n", i, partMedianMs[i],
            i < serializePctPerCut.length
                ? String.format(Locale.ROOT, ", cut %d serialisation %.2f%% of it", i, serializePctPerCut[i])
                : ""));
      }
      return b.append(line()).toString();
    }
  }

  /**
   * Builds {@code model} from the zoo, splits it into {@code parts} balanced parts under {@code workDir} and
   * measures {@code runs} inferences after {@code warmup} unmeasured ones.
   */
  public static Result run(String model, int parts, int warmup, int runs, Path workDir) {
    if (runs < 1 || warmup < 0) {
      throw new IllegalArgumentException("runs must be >= 1 and warmup >= 0");
    }
    Path whole = ModelZoo.build(model, ModelZoo.DEFAULT_SEED).writeTo(workDir.resolve(model + ".onnx"));
    SplitModel split = ModelSplitter.split(whole, SplitOptions.of(model, parts), workDir.resolve(model + "-parts"));
    List<Path> files = split.partFiles();
    try (PartitionRunner runner = new PartitionRunner(1)) {
      List<Tensor> inputs = RandomInputs.forSpecs(runner.inputSpecs(whole), 1L);
      warmUpCodec(runner, files, inputs);
      long[] wholeNanos = new long[runs];
      long[] chainedNanos = new long[runs];
      long[][] partNanos = new long[files.size()][runs];
      long[][] serializeNanos = new long[Math.max(0, files.size() - 1)][runs];
      for (int r = -warmup; r < runs; r++) {
        long w = runner.runTimed(whole, inputs).computeNanos();
        List<Tensor> current = inputs;
        long chained = 0;
        long previousEncode = 0;
        for (int p = 0; p < files.size(); p++) {
          PartRun run = runner.runTimed(files.get(p), current);
          chained += run.computeNanos();
          if (r >= 0) {
            partNanos[p][r] = run.computeNanos();
            if (p > 0) {
              serializeNanos[p - 1][r] += previousEncode + run.decodeNanos();
            }
          }
          long t0 = System.nanoTime();
          current = avroRoundTrip(run.outputs());
          long wire = System.nanoTime() - t0;
          previousEncode = run.encodeNanos() + wire;
        }
        if (r >= 0) {
          wholeNanos[r] = w;
          chainedNanos[r] = chained;
        }
      }
      double[] partMedian = new double[files.size()];
      for (int p = 0; p < files.size(); p++) {
        partMedian[p] = percentileMs(partNanos[p], 50);
      }
      double[] serializePct = new double[serializeNanos.length];
      for (int c = 0; c < serializeNanos.length; c++) {
        serializePct[c] = 100 * percentileMs(serializeNanos[c], 50) / partMedian[c];
      }
      return new Result(model, parts, runs, percentileMs(wholeNanos, 50), percentileMs(wholeNanos, 99),
          percentileMs(chainedNanos, 50), percentileMs(chainedNanos, 99), partMedian, serializePct);
    }
  }

  /** {@code PartitionBench [model] [parts] [runs]}: defaults mobilenetv2, 3, 200. */
  public static void main(String[] args) throws IOException {
    String model = args.length > 0 ? args[0] : "mobilenetv2";
    int parts = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    Path dir = Files.createTempDirectory("carbonedge-bench-");
    System.out.println(run(model, parts, Math.max(20, runs / 10), runs, dir).report());
  }

  private static void warmUpCodec(PartitionRunner runner, List<Path> files, List<Tensor> inputs) {
    List<List<Tensor>> cuts = new ArrayList<>();
    List<Tensor> current = inputs;
    for (Path file : files) {
      current = runner.run(file, current);
      cuts.add(current);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (int i = 0; i < CODEC_WARMUP; i++) {
      for (Tensor t : avroRoundTrip(cuts.get(i % cuts.size()))) {
        try (OnnxTensor value = TensorCodec.toOnnx(env, t)) {
          TensorCodec.fromOnnx(t.getName(), value);
        }
      }
    }
  }

  private static List<Tensor> avroRoundTrip(List<Tensor> tensors) {
    List<Tensor> out = new ArrayList<>(tensors.size());
    try {
      for (Tensor t : tensors) {
        ByteBuffer bytes = t.toByteBuffer();
        out.add(Tensor.fromByteBuffer(bytes));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static double percentileMs(long[] nanos, double pct) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int idx = (int) Math.ceil(pct / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
  }
}
