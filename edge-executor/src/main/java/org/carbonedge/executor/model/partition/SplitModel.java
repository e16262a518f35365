package org.carbonedge.executor.model.partition;

import java.nio.file.Path;
import java.util.List;
import org.carbonedge.avro.ModelManifest;

/**
 * Result of splitting a model into a directory: the manifest (also written as manifest.json), the part files
 * in execution order, and the cuts between them.
 */
public record SplitModel(ModelManifest manifest, Path directory, List<Path> partFiles, List<CutPoint> cuts) {
  public SplitModel {
    partFiles = List.copyOf(partFiles);
    cuts = List.copyOf(cuts);
  }
}
