package org.carbonedge.executor.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxJavaType;
import org.carbonedge.avro.TensorDataType;

/**
 * One place that maps the wire dtype ({@link TensorDataType}) to ONNX's TensorProto element types and to ONNX
 * Runtime's Java types, so the codec, the partitioner and the runner can never disagree on what a dtype means.
 */
public final class DataTypes {
  private DataTypes() {}

  /** Bytes per element of {@code dtype} (BOOL is one byte, as ONNX Runtime stores it). */
  public static int elementBytes(TensorDataType dtype) {
    return switch (dtype) {
      case FLOAT64, INT64 -> 8;
      case FLOAT32, INT32 -> 4;
      case FLOAT16, INT16 -> 2;
      case INT8, UINT8, BOOL -> 1;
    };
  }

  /** ONNX Runtime Java type carrying {@code dtype}. */
  public static OnnxJavaType javaType(TensorDataType dtype) {
    return switch (dtype) {
      case FLOAT32 -> OnnxJavaType.FLOAT;
      case FLOAT16 -> OnnxJavaType.FLOAT16;
      case FLOAT64 -> OnnxJavaType.DOUBLE;
      case INT8 -> OnnxJavaType.INT8;
      case UINT8 -> OnnxJavaType.UINT8;
      case INT16 -> OnnxJavaType.INT16;
      case INT32 -> OnnxJavaType.INT32;
      case INT64 -> OnnxJavaType.INT64;
      case BOOL -> OnnxJavaType.BOOL;
    };
  }

  /** Wire dtype of an ONNX Runtime Java type; fails for types that cannot cross the wire (string, bfloat16). */
  public static TensorDataType fromJavaType(OnnxJavaType type) {
    return switch (type) {
      case FLOAT -> TensorDataType.FLOAT32;
      case FLOAT16 -> TensorDataType.FLOAT16;
      case DOUBLE -> TensorDataType.FLOAT64;
      case INT8 -> TensorDataType.INT8;
      case UINT8 -> TensorDataType.UINT8;
      case INT16 -> TensorDataType.INT16;
      case INT32 -> TensorDataType.INT32;
      case INT64 -> TensorDataType.INT64;
      case BOOL -> TensorDataType.BOOL;
      default -> throw new IllegalArgumentException(
          "tensor element type " + type + " is not supported on the wire (supported: "
              + java.util.Arrays.toString(TensorDataType.values()) + ")");
    };
  }

  /** ONNX TensorProto.DataType number of {@code dtype}. */
  public static int onnxElemType(TensorDataType dtype) {
    return switch (dtype) {
      case FLOAT32 -> TensorProto.DataType.FLOAT_VALUE;
      case FLOAT16 -> TensorProto.DataType.FLOAT16_VALUE;
      case FLOAT64 -> TensorProto.DataType.DOUBLE_VALUE;
      case INT8 -> TensorProto.DataType.INT8_VALUE;
      case UINT8 -> TensorProto.DataType.UINT8_VALUE;
      case INT16 -> TensorProto.DataType.INT16_VALUE;
      case INT32 -> TensorProto.DataType.INT32_VALUE;
      case INT64 -> TensorProto.DataType.INT64_VALUE;
      case BOOL -> TensorProto.DataType.BOOL_VALUE;
    };
  }

  /**
   * ONNX TensorProto.DataType number of an ONNX Runtime tensor type (ONNX Runtime's Java enum numbers its
   * constants differently, so map by name).
   */
  public static int onnxElemType(ai.onnxruntime.TensorInfo.OnnxTensorType type) {
    String prefix = "ONNX_TENSOR_ELEMENT_DATA_TYPE_";
    try {
      return TensorProto.DataType.valueOf(type.name().substring(prefix.length())).getNumber();
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return TensorProto.DataType.UNDEFINED_VALUE;
    }
  }

  /** Wire dtype of an ONNX TensorProto.DataType number; fails with the type's name for unsupported ones. */
  public static TensorDataType fromOnnxElemType(int elemType) {
    return switch (elemType) {
      case TensorProto.DataType.FLOAT_VALUE -> TensorDataType.FLOAT32;
      case TensorProto.DataType.FLOAT16_VALUE -> TensorDataType.FLOAT16;
      case TensorProto.DataType.DOUBLE_VALUE -> TensorDataType.FLOAT64;
      case TensorProto.DataType.INT8_VALUE -> TensorDataType.INT8;
      case TensorProto.DataType.UINT8_VALUE -> TensorDataType.UINT8;
      case TensorProto.DataType.INT16_VALUE -> TensorDataType.INT16;
      case TensorProto.DataType.INT32_VALUE -> TensorDataType.INT32;
      case TensorProto.DataType.INT64_VALUE -> TensorDataType.INT64;
      case TensorProto.DataType.BOOL_VALUE -> TensorDataType.BOOL;
      default -> {
        TensorProto.DataType t = TensorProto.DataType.forNumber(elemType);
        throw new IllegalArgumentException("ONNX element type " + (t == null ? elemType : t.name())
            + " is not supported on the wire");
      }
    };
  }

  /** True for the floating-point dtypes, whose comparison tolerances differ from integer ones. */
  public static boolean isFloating(TensorDataType dtype) {
    return dtype == TensorDataType.FLOAT32 || dtype == TensorDataType.FLOAT16 || dtype == TensorDataType.FLOAT64;
  }
}
