package org.carbonedge.executor.onnx;

/**
 * A tensor that cannot be used as given (bad shape, byte length, dtype or name), reported with a message that
 * names the tensor and what was expected, so callers such as the executor can turn it into an ERROR result and a
 * dead-letter record instead of crashing.
 */
public class TensorFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A tensor problem described by {@code message}. */
  public TensorFormatException(String message) {
    super(message);
  }
}
