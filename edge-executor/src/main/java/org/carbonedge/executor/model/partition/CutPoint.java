package org.carbonedge.executor.model.partition;

import java.util.List;

/**
 * A place to split a model: after compute node {@code position} of the topological order (node {@code
 * afterNode}), where the tensors in {@code tensors} are produced before the cut and still read after it. Only
 * these tensors have to travel to the next device; {@code bytes} is their size at batch 1. {@code macsBefore}
 * and {@code macsAfter} are the AMP4EC costs of the compute nodes on each side, so a planner can group
 * fine-grained partitions without re-reading the model.
 */
public record CutPoint(int position, String afterNode, List<String> tensors, long bytes, long macsBefore,
    long macsAfter) {
  public CutPoint {
    tensors = List.copyOf(tensors);
  }

  /** True when a single tensor crosses the cut (a clean layer boundary, outside any branch or residual). */
  public boolean single() {
    return tensors.size() == 1;
  }
}
