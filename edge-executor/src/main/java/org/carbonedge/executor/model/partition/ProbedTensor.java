package org.carbonedge.executor.model.partition;

/**
 * Element type and shape of one tensor as observed by running the model: {@code batchOneShape} holds the
 * concrete dimensions with every dynamic model-input dimension set to 1, {@code declaredShape} the same with -1
 * where the dimension follows a dynamic input dimension. {@code elemType} is the ONNX TensorProto.DataType
 * number.
 */
public record ProbedTensor(int elemType, long[] declaredShape, long[] batchOneShape) {

  /** Elements at batch 1. */
  public long elements() {
    long n = 1;
    for (long d : batchOneShape) {
      n *= d;
    }
    return n;
  }
}
