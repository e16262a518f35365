package org.carbonedge.executor.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;

/**
 * Converts the wire tensor ({@link Tensor}: dtype, shape, little-endian bytes) to an ONNX Runtime
 * {@link OnnxTensor} and back. This is the only place tensor bytes are interpreted, so every tensor that
 * crosses Kafka is checked here: supported dtype, non-negative dimensions, and byte length equal to
 * product(shape) x element size.
 */
public final class TensorCodec {
  private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private TensorCodec() {}

  /** Wire tensor holding a copy of {@code data}; validated. */
  public static Tensor tensor(String name, TensorDataType dtype, long[] shape, byte[] data) {
    List<Long> dims = new ArrayList<>(shape.length);
    for (long d : shape) {
      dims.add(d);
    }
    Tensor t = new Tensor(name, dtype, dims, ByteBuffer.wrap(data.clone()));
    validate(t);
    return t;
  }

  /** Number of elements of {@code shape}; fails on negative dimensions or overflow. */
  public static long elementCount(String name, List<Long> shape) {
    long n = 1;
    for (int i = 0; i < shape.size(); i++) {
      Long d = shape.get(i);
      if (d == null || d < 0) {
        throw new TensorFormatException("tensor '" + name + "': dimension " + i + " is " + d
            + " in shape " + shape + "; every dimension must be >= 0");
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        throw new TensorFormatException("tensor '" + name + "': shape " + shape + " has too many elements");
      }
    }
    return n;
  }

  /** Checks dtype, shape and byte length of {@code t}; returns its byte length. */
  public static long validate(Tensor t) {
    String name = t.getName() == null ? "<unnamed>" : t.getName();
    if (t.getDtype() == null) {
      throw new TensorFormatException("tensor '" + name + "' has no dtype");
    }
    if (t.getShape() == null) {
      throw new TensorFormatException("tensor '" + name + "' has no shape");
    }
    if (t.getData() == null) {
      throw new TensorFormatException("tensor '" + name + "' has no data");
    }
    long elements = elementCount(name, t.getShape());
    long expected;
    try {
      expected = Math.multiplyExact(elements, DataTypes.elementBytes(t.getDtype()));
    } catch (ArithmeticException e) {
      throw new TensorFormatException("tensor '" + name + "': shape " + t.getShape() + " is too large");
    }
    int actual = t.getData().remaining();
    if (expected != actual) {
      throw new TensorFormatException("tensor '" + name + "': " + t.getDtype() + " shape " + t.getShape()
          + " needs " + expected + " bytes (" + elements + " elements x " + DataTypes.elementBytes(t.getDtype())
          + " bytes) but data has " + actual + " bytes");
    }
    return expected;
  }

  /** Shape of {@code t} as a primitive array. */
  public static long[] shape(Tensor t) {
    long[] s = new long[t.getShape().size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = t.getShape().get(i);
    }
    return s;
  }

  /** A new ONNX Runtime tensor holding a copy of {@code t}'s elements; the caller closes it. */
  public static OnnxTensor toOnnx(OrtEnvironment env, Tensor t) {
    long bytes = validate(t);
    return toOnnx(env, t, ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder()));
  }

  /**
   * A new ONNX Runtime tensor holding a copy of {@code t}'s elements in {@code direct} (a native-order direct
   * buffer of exactly the tensor's byte length, e.g. from a {@link DirectBufferPool}); the tensor references the
   * buffer until it is closed.
   */
  public static OnnxTensor toOnnx(OrtEnvironment env, Tensor t, ByteBuffer direct) {
    long bytes = validate(t);
    if (!direct.isDirect() || direct.capacity() != bytes) {
      throw new IllegalArgumentException("buffer for tensor '" + t.getName() + "' must be direct with capacity "
          + bytes);
    }
    ByteBuffer src = t.getData().duplicate();
    direct.clear();
    if (NATIVE_LITTLE_ENDIAN) {
      direct.put(src);
    } else {
      putSwapped(src, direct, DataTypes.elementBytes(t.getDtype()));
    }
    direct.rewind();
    try {
      return OnnxTensor.createTensor(env, direct, shape(t), DataTypes.javaType(t.getDtype()));
    } catch (OrtException e) {
      throw new TensorFormatException("tensor '" + t.getName() + "' rejected by ONNX Runtime: " + e.getMessage());
    }
  }

  /** Wire tensor named {@code name} holding a copy of {@code value}'s elements, little-endian. */
  public static Tensor fromOnnx(String name, OnnxTensor value) {
    TensorInfo info = value.getInfo();
    TensorDataType dtype = DataTypes.fromJavaType(info.type);
    if (info.type == OnnxJavaType.STRING) {
      throw new TensorFormatException("tensor '" + name + "' is a string tensor; not supported on the wire");
    }
    ByteBuffer src = value.getByteBuffer();
    ByteBuffer data;
    if ((NATIVE_LITTLE_ENDIAN || DataTypes.elementBytes(dtype) == 1) && src.hasArray()) {
      data = src; // already a private heap copy in little-endian order; no second copy
    } else {
      byte[] out = new byte[src.remaining()];
      ByteBuffer dst = ByteBuffer.wrap(out);
      if (NATIVE_LITTLE_ENDIAN || DataTypes.elementBytes(dtype) == 1) {
        dst.put(src);
      } else {
        putSwapped(src, dst, DataTypes.elementBytes(dtype));
      }
      data = ByteBuffer.wrap(out);
    }
    long[] shape = info.getShape();
    List<Long> dims = new ArrayList<>(shape.length);
    for (long d : shape) {
      dims.add(d);
    }
    Tensor t = new Tensor(name, dtype, dims, data);
    validate(t);
    return t;
  }

  /** Copy of the bytes of {@code t}'s data, independent of the buffer position. */
  public static byte[] bytes(Tensor t) {
    ByteBuffer b = t.getData().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Human-readable "name dtype[shape]" for error messages. */
  public static String describe(Tensor t) {
    return "'" + t.getName() + "' " + t.getDtype() + t.getShape();
  }

  /** Human-readable shape. */
  public static String describe(long[] shape) {
    return Arrays.toString(shape);
  }

  private static void putSwapped(ByteBuffer src, ByteBuffer dst, int width) {
    byte[] element = new byte[width];
    while (src.remaining() >= width) {
      src.get(element);
      for (int i = width - 1; i >= 0; i--) {
        dst.put(element[i]);
      }
    }
  }
}
