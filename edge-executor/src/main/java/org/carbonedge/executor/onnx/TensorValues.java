package org.carbonedge.executor.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carbonedge.avro.Tensor;

/**
 * Reads the elements of a wire tensor as doubles, whatever its dtype, so verification can compare outputs of any
 * type with one piece of code.
 */
public final class TensorValues {
  private TensorValues() {}

  /** Every element of {@code t} as a double, row-major. */
  public static double[] toDoubles(Tensor t) {
    long n = TensorCodec.validate(t) / DataTypes.elementBytes(t.getDtype());
    ByteBuffer b = t.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[(int) n];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (t.getDtype()) {
        case FLOAT32 -> b.getFloat();
        case FLOAT16 -> Fp16.toFloat(b.getShort());
        case FLOAT64 -> b.getDouble();
        case INT8 -> b.get();
        case UINT8 -> b.get() & 0xff;
        case BOOL -> b.get() != 0 ? 1 : 0;
        case INT16 -> b.getShort();
        case INT32 -> b.getInt();
        case INT64 -> b.getLong();
      };
    }
    return out;
  }
}
