package org.carbonedge.executor.model.partition;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.carbonedge.avro.Tensor;
import org.carbonedge.executor.onnx.DataTypes;
import org.carbonedge.executor.onnx.RandomInputs;
import org.carbonedge.executor.onnx.TensorCodec;

/**
 * Learns the type and shape of every tensor of any ONNX model by running it once in ONNX Runtime with every
 * node output added as an extra graph output, on seeded random inputs at batch 1. This replaces shape inference
 * for the whole operator set with one real run. When a model input has dynamic dimensions, a second run with
 * those dimensions set to 2 shows which tensor dimensions follow them; those are declared dynamic (-1).
 */
public final class ShapeProbe {
  private static final long SEED = 20_240_601L;

  private ShapeProbe() {}

  /** Type and shape of every node output and model input of {@code graph}, by name. */
  public static Map<String, ProbedTensor> probe(OnnxGraph graph) {
    ModelProto probeModel = withAllOutputs(graph);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(probeModel.toByteArray(), options)) {
      Map<String, long[]> one = new HashMap<>();
      Map<String, Integer> types = new HashMap<>();
      boolean dynamic = run(env, session, 1, one, types);
      Map<String, long[]> two = new HashMap<>();
      if (dynamic) {
        try {
          run(env, session, 2, two, new HashMap<>());
        } catch (RuntimeException | OrtException e) {
          two.clear(); // the model only runs at its batch-1 shapes; keep those as declared shapes
        }
      }
      Map<String, ProbedTensor> out = new HashMap<>();
      for (Map.Entry<String, long[]> e : one.entrySet()) {
        long[] declaredShape = e.getValue().clone();
        long[] other = two.get(e.getKey());
        if (other != null && other.length == declaredShape.length) {
          for (int i = 0; i < declaredShape.length; i++) {
            if (other[i] != declaredShape[i]) {
              declaredShape[i] = -1;
            }
          }
        }
        out.put(e.getKey(), new ProbedTensor(types.get(e.getKey()), declaredShape, e.getValue()));
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime cannot run the model to learn its tensor shapes: "
          + e.getMessage(), e);
    }
  }

  private static boolean run(OrtEnvironment env, OrtSession session, long dynamicDim, Map<String, long[]> shapes,
      Map<String, Integer> types) throws OrtException {
    SplittableRandom random = new SplittableRandom(SEED);
    Map<String, OnnxTensor> feeds = new HashMap<>();
    boolean dynamic = false;
    try {
      for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
        if (!(e.getValue().getInfo() instanceof TensorInfo info)) {
          throw new IllegalArgumentException("model input '" + e.getKey() + "' is not a tensor");
        }
        long[] shape = info.getShape().clone();
        for (int i = 0; i < shape.length; i++) {
          if (shape[i] < 0) {
            shape[i] = dynamicDim;
            dynamic = true;
          }
        }
        Tensor t = RandomInputs.random(e.getKey(), DataTypes.fromJavaType(info.type), shape, random);
        feeds.put(e.getKey(), TensorCodec.toOnnx(env, t));
        shapes.put(e.getKey(), shape);
        types.put(e.getKey(), DataTypes.onnxElemType(info.onnxType));
      }
      try (OrtSession.Result result = session.run(feeds)) {
        for (Map.Entry<String, OnnxValue> e : result) {
          if (e.getValue().getInfo() instanceof TensorInfo info) {
            shapes.put(e.getKey(), info.getShape());
            types.put(e.getKey(), DataTypes.onnxElemType(info.onnxType));
          }
        }
      }
      return dynamic;
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  private static ModelProto withAllOutputs(OnnxGraph graph) {
    GraphProto.Builder g = graph.model().getGraph().toBuilder();
    Set<String> present = new HashSet<>();
    for (ValueInfoProto v : g.getOutputList()) {
      present.add(v.getName());
    }
    List<String> extra = new ArrayList<>();
    for (int i = 0; i < graph.nodeCount(); i++) {
      NodeProto n = graph.node(i);
      for (String o : n.getOutputList()) {
        if (!o.isEmpty() && present.add(o)) {
          extra.add(o);
        }
      }
    }
    for (String name : extra) {
      g.addOutput(ValueInfoProto.newBuilder().setName(name));
    }
    return graph.model().toBuilder().setGraph(g).build();
  }
}
