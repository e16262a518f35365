package org.carbonedge.executor.onnx;

import java.util.List;
import org.carbonedge.avro.Tensor;

/**
 * Outputs of one part run with where the time went: turning wire tensors into ONNX Runtime tensors
 * (decodeNanos), the session run itself (computeNanos) and turning outputs back into wire tensors (encodeNanos).
 * Compute time is what energy is attributed to; the other two are the serialisation overhead of a cut.
 */
public record PartRun(List<Tensor> outputs, long decodeNanos, long computeNanos, long encodeNanos) {
  public PartRun {
    outputs = List.copyOf(outputs);
  }
}
