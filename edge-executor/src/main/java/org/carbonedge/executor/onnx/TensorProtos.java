package org.carbonedge.executor.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;

/**
 * Converts ONNX {@link TensorProto}s (the format of ONNX test data such as mnist-8's input_0.pb / output_0.pb)
 * to wire tensors, whether the values are stored as raw_data or in the typed repeated fields.
 */
public final class TensorProtos {
  private TensorProtos() {}

  /** Reads a serialized TensorProto file. */
  public static Tensor read(Path file) {
    try {
      return toTensor(TensorProto.parseFrom(Files.readAllBytes(file)), file.toString());
    } catch (InvalidProtocolBufferException e) {
      throw new TensorFormatException(file + " is not a serialized ONNX TensorProto: " + e.getMessage());
    } catch (IOException e) {
      throw new TensorFormatException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The wire tensor holding {@code t}'s values; {@code source} names it in errors. */
  public static Tensor toTensor(TensorProto t, String source) {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new TensorFormatException(source + ": tensor '" + t.getName() + "' keeps its data in an external file");
    }
    TensorDataType dtype;
    try {
      dtype = DataTypes.fromOnnxElemType(t.getDataType());
    } catch (IllegalArgumentException e) {
      throw new TensorFormatException(source + ": " + e.getMessage());
    }
    long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    byte[] data;
    if (!t.getRawData().isEmpty()) {
      data = t.getRawData().toByteArray();
    } else {
      ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * DataTypes.elementBytes(dtype)))
          .order(ByteOrder.LITTLE_ENDIAN);
      int count = switch (dtype) {
        case FLOAT32 -> t.getFloatDataCount();
        case FLOAT64 -> t.getDoubleDataCount();
        case INT64 -> t.getInt64DataCount();
        default -> t.getInt32DataCount();
      };
      if (count != n) {
        throw new TensorFormatException(source + ": tensor '" + t.getName() + "' has " + count
            + " values for shape " + java.util.Arrays.toString(shape));
      }
      for (int i = 0; i < n; i++) {
        switch (dtype) {
          case FLOAT32 -> b.putFloat(t.getFloatData(i));
          case FLOAT64 -> b.putDouble(t.getDoubleData(i));
          case INT64 -> b.putLong(t.getInt64Data(i));
          case INT32 -> b.putInt(t.getInt32Data(i));
          case FLOAT16, INT16 -> b.putShort((short) t.getInt32Data(i));
          case INT8, UINT8, BOOL -> b.put((byte) t.getInt32Data(i));
        }
      }
      data = b.array();
    }
    return TensorCodec.tensor(t.getName(), dtype, shape, data);
  }

  /** Copy of {@code t} under another name. */
  public static Tensor renamed(Tensor t, String name) {
    return new Tensor(name, t.getDtype(), new ArrayList<>(t.getShape()), t.getData().duplicate());
  }

  /** Reads every {@code prefix_N.pb} of an ONNX test data set directory, in N order. */
  public static List<Tensor> readAll(Path dir, String prefix) {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; Files.exists(dir.resolve(prefix + "_" + i + ".pb")); i++) {
      out.add(read(dir.resolve(prefix + "_" + i + ".pb")));
    }
    if (out.isEmpty()) {
      throw new TensorFormatException("no " + prefix + "_0.pb in " + dir);
    }
    return out;
  }
}
