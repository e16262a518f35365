package org.carbonedge.executor.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;

/**
 * Seeded random input tensors for a model's declared inputs, so the whole model and its chained parts can be fed
 * exactly the same values (verification, benchmarks, shape probing). Dynamic dimensions (-1) are taken as 1
 * (batch 1). Floating inputs are uniform in [-1, 1); integer inputs uniform in [0, 10) so index-like inputs stay
 * small; booleans are fair coin flips.
 */
public final class RandomInputs {
  private RandomInputs() {}

  /** One tensor per spec, in order, all drawn from one generator seeded with {@code seed}. */
  public static List<Tensor> forSpecs(List<TensorSpec> specs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Tensor> out = new ArrayList<>(specs.size());
    for (TensorSpec spec : specs) {
      out.add(random(spec.getName(), spec.getDtype(), concreteShape(spec.getShape()), random));
    }
    return out;
  }

  /** Shape with every dynamic dimension (negative) replaced by 1. */
  public static long[] concreteShape(List<Long> shape) {
    long[] s = new long[shape.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape.get(i) < 0 ? 1 : shape.get(i);
    }
    return s;
  }

  /** A random tensor of the given name, dtype and concrete shape. */
  public static Tensor random(String name, TensorDataType dtype, long[] shape, SplittableRandom random) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * DataTypes.elementBytes(dtype)))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < n; i++) {
      switch (dtype) {
        case FLOAT32 -> b.putFloat((float) (random.nextDouble() * 2 - 1));
        case FLOAT16 -> b.putShort(Fp16.fromFloat((float) (random.nextDouble() * 2 - 1)));
        case FLOAT64 -> b.putDouble(random.nextDouble() * 2 - 1);
        case INT8, UINT8 -> b.put((byte) random.nextInt(10));
        case BOOL -> b.put((byte) (random.nextBoolean() ? 1 : 0));
        case INT16 -> b.putShort((short) random.nextInt(10));
        case INT32 -> b.putInt(random.nextInt(10));
        case INT64 -> b.putLong(random.nextInt(10));
      }
    }
    return TensorCodec.tensor(name, dtype, shape, b.array());
  }
}
