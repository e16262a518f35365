package org.carbonedge.executor.model.partition;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * How to split a model: the model id and manifest version to record, the number of parts, the most tensors a
 * cut may carry (1 = only clean layer boundaries), and the manifest's creation time (UTC).
 */
public record SplitOptions(String modelId, int version, int parts, int maxTensorsPerCut, Instant createdAt) {
  /** Model ids as the ModelManifest contract allows them; also safe as a directory name. */
  public static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public SplitOptions {
    if (modelId == null || !MODEL_ID.matcher(modelId).matches() || modelId.equals(".")
        || modelId.equals("..")) {
      throw new IllegalArgumentException("model id '" + modelId + "' is invalid; use 1-64 of [A-Za-z0-9._-]");
    }
    if (version < 1) {
      throw new IllegalArgumentException("manifest version must be >= 1, was " + version);
    }
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1, was " + parts);
    }
    if (maxTensorsPerCut < 1) {
      throw new IllegalArgumentException("maxTensorsPerCut must be >= 1, was " + maxTensorsPerCut);
    }
    if (createdAt == null) {
      throw new IllegalArgumentException("createdAt is required");
    }
  }

  /** Version 1, single-tensor cuts, created now. */
  public static SplitOptions of(String modelId, int parts) {
    return new SplitOptions(modelId, 1, parts, 1, Instant.now());
  }
}
