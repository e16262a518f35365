package org.carbonedge.executor.onnx;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared real data (../shared/data from the repository root) for tests, without copying it into
 * the repository: system property {@code carbonedge.data.dir}, else the first {@code shared/data} found walking up
 * from the working directory.
 */
public final class TestData {
  private TestData() {}

  /** The shared data directory; fails clearly if it cannot be found. */
  public static Path dir() {
    String configured = System.getProperty("carbonedge.data.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate.resolve("models"))) {
        return candidate;
      }
    }
    Path fallback = Path.of("/work/shared/data");
    if (Files.isDirectory(fallback)) {
      return fallback;
    }
    throw new IllegalStateException("shared data not found: set -Dcarbonedge.data.dir=/path/to/shared/data");
  }

  /** A model file under shared/data/models. */
  public static Path model(String fileName) {
    return dir().resolve("models").resolve(fileName);
  }
}
