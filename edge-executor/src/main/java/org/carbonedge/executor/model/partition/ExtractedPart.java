package org.carbonedge.executor.model.partition;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.carbonedge.avro.TensorSpec;

/**
 * One sub-model cut out of a larger model, with its profile: AMP4EC cost, bytes of the initializers it
 * carries, bytes of its outputs at batch 1 (what crosses the next cut) and node count.
 */
public record ExtractedPart(ModelProto model, List<TensorSpec> inputs, List<TensorSpec> outputs, long macs,
    long parameterBytes, long outputBytes, int nodeCount) {
  public ExtractedPart {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
