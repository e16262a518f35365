package org.carbonedge.executor.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;

/**
 * Proves a split is faithful: runs the whole model and the chain of its parts on the same seeded random input
 * and compares the outputs. Between parts, every tensor is serialised to Avro bytes and read back, exactly as it
 * crosses Kafka between devices, so the check covers the codec as well as the cut.
 */
public final class ChainedVerifier {
  /** Tolerance for float32/64 outputs: absolute difference. */
  public static final double DEFAULT_TOLERANCE = 1e-4;

  /**
   * Tolerance for float16 outputs: scale-relative difference of 2⁻¹⁰ ≈ 9.8e-4, one float16 ulp at the largest
   * output value. 1e-4 is below float16 resolution: ONNX Runtime's CPU provider runs float16 graphs through
   * float32 kernels and elides Cast pairs depending on graph context, so the whole model and its parts round
   * intermediate values differently and legitimately differ by up to one float16 ulp (measured on
   * SqueezeNet_fp16: 3e-5 to 4.8e-4 relative depending on the input, also with every optimisation disabled).
   */
  public static final double FLOAT16_TOLERANCE = 0x1p-10;

  private final PartitionRunner runner;

  /** A verifier running sessions through {@code runner} (which keeps its sessions cached). */
  public ChainedVerifier(PartitionRunner runner) {
    this.runner = runner;
  }

  /** Whole model vs chained parts on seeded random inputs built from the whole model's input metadata. */
  public VerificationResult verify(Path wholeModel, List<Path> parts, long seed) {
    return verify(wholeModel, parts, RandomInputs.forSpecs(runner.inputSpecs(wholeModel), seed));
  }

  /** Whole model vs chained parts on the given inputs. */
  public VerificationResult verify(Path wholeModel, List<Path> parts, List<Tensor> inputs) {
    List<Tensor> whole = runner.run(wholeModel, inputs);
    List<Tensor> chained = runChained(parts, inputs);
    return compare(whole, chained, toleranceFor(whole));
  }

  /** {@link #FLOAT16_TOLERANCE} if any of {@code outputs} is float16, else {@link #DEFAULT_TOLERANCE}. */
  public static double toleranceFor(List<Tensor> outputs) {
    return outputs.stream().anyMatch(t -> t.getDtype() == TensorDataType.FLOAT16)
        ? FLOAT16_TOLERANCE : DEFAULT_TOLERANCE;
  }

  /** Runs the parts in order, each fed the previous part's outputs after an Avro round trip. */
  public List<Tensor> runChained(List<Path> parts, List<Tensor> inputs) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no parts to run");
    }
    List<Tensor> current = overTheWire(inputs);
    for (Path part : parts) {
      current = overTheWire(runner.run(part, current));
    }
    return current;
  }

  /** Each tensor encoded to Avro bytes and decoded again, as a Kafka hop does. */
  public static List<Tensor> overTheWire(List<Tensor> tensors) {
    List<Tensor> out = new ArrayList<>(tensors.size());
    try {
      for (Tensor t : tensors) {
        ByteBuffer bytes = t.toByteBuffer();
        out.add(Tensor.fromByteBuffer(bytes));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("tensor failed an Avro round trip: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Compares outputs position by position (names must match when both are set): dtype, shape and values.
   * The tolerance applies to the relative difference if any output is float16, else the absolute one.
   */
  public static VerificationResult compare(List<Tensor> expected, List<Tensor> actual, double tolerance) {
    if (expected.size() != actual.size()) {
      return failure("expected " + expected.size() + " outputs, got " + actual.size(), tolerance);
    }
    double maxAbs = 0;
    double maxRel = 0;
    boolean fp16 = false;
    long elements = 0;
    for (int i = 0; i < expected.size(); i++) {
      Tensor e = expected.get(i);
      Tensor a = actual.get(i);
      if (!e.getName().isEmpty() && !a.getName().isEmpty() && !e.getName().equals(a.getName())) {
        return failure("output " + i + " is '" + a.getName() + "', expected '" + e.getName() + "'", tolerance);
      }
      if (e.getDtype() != a.getDtype() || !e.getShape().equals(a.getShape())) {
        return failure("output " + i + " is " + TensorCodec.describe(a) + ", expected " + TensorCodec.describe(e),
            tolerance);
      }
      fp16 |= e.getDtype() == TensorDataType.FLOAT16;
      double[] ev = TensorValues.toDoubles(e);
      double[] av = TensorValues.toDoubles(a);
      double scale = 0;
      double diff = 0;
      for (int j = 0; j < ev.length; j++) {
        if (Double.isNaN(ev[j]) != Double.isNaN(av[j])) {
          return failure("output '" + e.getName() + "' element " + j + " is " + av[j] + ", expected " + ev[j],
              tolerance);
        }
        if (!Double.isNaN(ev[j])) {
          diff = Math.max(diff, ev[j] == av[j] ? 0 : Math.abs(ev[j] - av[j]));
          scale = Math.max(scale, Math.abs(ev[j]));
        }
      }
      maxAbs = Math.max(maxAbs, diff);
      maxRel = Math.max(maxRel, scale == 0 ? diff : diff / scale);
      elements += ev.length;
    }
    return new VerificationResult(maxAbs, maxRel, fp16, elements, tolerance, null);
  }

  private static VerificationResult failure(String problem, double tolerance) {
    return new VerificationResult(Double.NaN, Double.NaN, false, 0, tolerance, problem);
  }
}
