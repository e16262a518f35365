package org.carbonedge.executor.onnx;

/**
 * A part file that could not be loaded or run by ONNX Runtime (missing or corrupt file, runtime failure), kept
 * apart from {@link TensorFormatException} so callers can tell bad input from a bad model or a failed run.
 */
public class PartitionExecutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, caused by {@code cause}. */
  public PartitionExecutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
