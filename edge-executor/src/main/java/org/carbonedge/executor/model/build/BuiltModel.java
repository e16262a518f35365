package org.carbonedge.executor.model.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model written by the zoo: its serialized ONNX bytes plus the parameter count (initializer elements) and
 * multiply-accumulates (Conv and Gemm, batch 1) counted while building, for comparison with published figures.
 */
public record BuiltModel(String name, byte[] onnx, long params, long macs) {

  static BuiltModel of(String name, GraphBuilder g) {
    return new BuiltModel(name, g.build().toByteArray(), g.params(), g.macs());
  }

  /** Writes the ONNX bytes to {@code file}, creating parent directories. */
  public Path writeTo(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.write(file, onnx);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model " + name + " to " + file + ": " + e.getMessage(), e);
    }
  }
}
