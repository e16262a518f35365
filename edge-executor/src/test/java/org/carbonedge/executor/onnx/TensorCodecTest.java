package org.carbonedge.executor.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TensorCodecTest {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();

  @ParameterizedTest
  @EnumSource(TensorDataType.class)
  void everyDtypeRoundTripsThroughOnnxRuntimeBitForBit(TensorDataType dtype) throws Exception {
    Tensor t = RandomInputs.random("x", dtype, new long[] {2, 3, 4}, new SplittableRandom(7));
    try (OnnxTensor value = TensorCodec.toOnnx(env, t)) {
      TensorInfo info = value.getInfo();
      assertEquals(DataTypes.javaType(dtype), info.type);
      assertArrayEquals(new long[] {2, 3, 4}, info.getShape());
      Tensor back = TensorCodec.fromOnnx("x", value);
      assertEquals(dtype, back.getDtype());
      assertEquals(List.of(2L, 3L, 4L), back.getShape());
      assertArrayEquals(TensorCodec.bytes(t), TensorCodec.bytes(back));
    }
  }

  @Test
  void littleEndianBytesMeanTheSameValuesToOnnxRuntime() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
    Tensor t = TensorCodec.tensor("x", TensorDataType.FLOAT32, new long[] {2}, b.array());
    try (OnnxTensor value = TensorCodec.toOnnx(env, t)) {
      assertArrayEquals(new float[] {1.5f, -2f}, (float[]) value.getValue());
    }
    assertArrayEquals(new double[] {1.5, -2}, TensorValues.toDoubles(t));
  }

  @Test
  void wrongByteLengthIsRejectedWithSizes() {
    Tensor t = new Tensor("cut0", TensorDataType.FLOAT32, List.of(1L, 8L), ByteBuffer.wrap(new byte[31]));
    TensorFormatException e = assertThrows(TensorFormatException.class, () -> TensorCodec.toOnnx(env, t));
    assertTrue(e.getMessage().contains("'cut0'") && e.getMessage().contains("needs 32 bytes")
        && e.getMessage().contains("31 bytes"), e.getMessage());
  }

  @Test
  void negativeDimensionIsRejected() {
    Tensor t = new Tensor("x", TensorDataType.INT64, List.of(-1L, 2L), ByteBuffer.wrap(new byte[16]));
    TensorFormatException e = assertThrows(TensorFormatException.class, () -> TensorCodec.validate(t));
    assertTrue(e.getMessage().contains("dimension 0 is -1"), e.getMessage());
  }

  @Test
  void overflowingShapeIsRejected() {
    Tensor t = new Tensor("x", TensorDataType.FLOAT64, List.of(1L << 40, 1L << 40), ByteBuffer.wrap(new byte[8]));
    TensorFormatException e = assertThrows(TensorFormatException.class, () -> TensorCodec.validate(t));
    assertTrue(e.getMessage().contains("too many elements"), e.getMessage());
  }

  @Test
  void missingFieldsAreRejected() {
    assertThrows(TensorFormatException.class,
        () -> TensorCodec.validate(new Tensor("x", null, List.of(1L), ByteBuffer.allocate(4))));
    assertThrows(TensorFormatException.class,
        () -> TensorCodec.validate(new Tensor("x", TensorDataType.INT32, List.of(1L), null)));
  }

  @Test
  void scalarAndEmptyTensorsWork() throws Exception {
    Tensor scalar = TensorCodec.tensor("s", TensorDataType.INT32, new long[0], new byte[] {5, 0, 0, 0});
    try (OnnxTensor value = TensorCodec.toOnnx(env, scalar)) {
      assertEquals(5, value.getValue());
    }
    Tensor empty = TensorCodec.tensor("e", TensorDataType.FLOAT32, new long[] {0, 3}, new byte[0]);
    try (OnnxTensor value = TensorCodec.toOnnx(env, empty)) {
      assertEquals(0, TensorCodec.fromOnnx("e", value).getData().remaining());
    }
  }

  @Test
  void pooledBufferMustMatchTheTensor() {
    Tensor t = TensorCodec.tensor("x", TensorDataType.UINT8, new long[] {4}, new byte[] {1, 2, 3, 4});
    assertThrows(IllegalArgumentException.class, () -> TensorCodec.toOnnx(env, t, ByteBuffer.allocateDirect(8)));
  }

  @Test
  void stringTensorsCannotCrossTheWire() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataTypes.fromJavaType(OnnxJavaType.STRING));
    assertTrue(e.getMessage().contains("not supported"), e.getMessage());
  }
}
