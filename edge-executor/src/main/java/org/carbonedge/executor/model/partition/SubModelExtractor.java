package org.carbonedge.executor.model.partition;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.executor.onnx.DataTypes;

/**
 * Cuts the sub-model between a set of input tensors and a set of output tensors out of a model, the way
 * {@code onnx.utils.extract_model} does: walk back from the outputs, stop at the inputs, keep the nodes reached
 * (in topological order), only the initializers and constant nodes they read, and declare the boundary tensors
 * with their probed types and shapes. Opset imports, IR version and model-local functions are kept, so the part
 * runs in the same runtime as the whole model.
 */
public final class SubModelExtractor {
  private SubModelExtractor() {}

  /** The part of {@code analysis}'s model computing {@code outputs} from {@code inputs}. */
  public static ExtractedPart extract(ModelAnalysis analysis, String partName, List<String> inputs,
      List<String> outputs) {
    OnnxGraph graph = analysis.graph();
    Set<String> inputSet = new HashSet<>(inputs);
    Set<Integer> keep = new LinkedHashSet<>();
    Set<String> usedInitializers = new LinkedHashSet<>();
    Set<String> seen = new HashSet<>();
    Deque<String> work = new ArrayDeque<>(outputs);
    while (!work.isEmpty()) {
      String t = work.pop();
      if (!seen.add(t) || inputSet.contains(t)) {
        continue;
      }
      if (graph.isInitializer(t)) {
        usedInitializers.add(t);
        continue;
      }
      int producer = graph.producerOf(t);
      if (producer < 0) {
        throw new IllegalArgumentException(partName + " needs tensor '" + t + "', which is neither produced in"
            + " the part nor among its inputs " + inputs);
      }
      if (keep.add(producer)) {
        graph.inputsOf(producer).forEach(work::push);
      }
    }
    List<Integer> nodes = new ArrayList<>(keep);
    nodes.sort(Comparator.comparingInt(graph::topoIndex));

    GraphProto original = graph.model().getGraph();
    GraphProto.Builder g = GraphProto.newBuilder().setName(original.getName() + "-" + partName);
    long macs = 0;
    for (int i : nodes) {
      g.addNode(graph.node(i));
      macs += analysis.costOf(i).macs();
    }
    long parameterBytes = 0;
    boolean initializersAreInputs = graph.model().getIrVersion() < 4;
    for (String name : usedInitializers) {
      TensorProto dense = graph.initializer(name);
      if (dense != null) {
        g.addInitializer(dense);
        parameterBytes += initializerBytes(dense);
      } else {
        SparseTensorProto sparse = graph.sparseInitializer(name);
        g.addSparseInitializer(sparse);
        parameterBytes += initializerBytes(sparse.getValues()) + initializerBytes(sparse.getIndices());
      }
    }
    List<TensorSpec> inSpecs = new ArrayList<>();
    for (String name : inputs) {
      ValueInfoProto v = boundary(analysis, name);
      g.addInput(v);
      inSpecs.add(spec(v));
    }
    if (initializersAreInputs) {
      for (String name : usedInitializers) {
        ValueInfoProto declared = graph.declared(name);
        if (declared != null) {
          g.addInput(declared);
        }
      }
    }
    List<TensorSpec> outSpecs = new ArrayList<>();
    long outputBytes = 0;
    for (String name : outputs) {
      ValueInfoProto v = boundary(analysis, name);
      g.addOutput(v);
      outSpecs.add(spec(v));
      outputBytes += analysis.bytes(name);
    }
    Set<String> internal = new HashSet<>();
    for (int i : nodes) {
      internal.addAll(graph.node(i).getOutputList());
    }
    for (ValueInfoProto v : original.getValueInfoList()) {
      if (internal.contains(v.getName()) && !outputs.contains(v.getName())) {
        g.addValueInfo(v);
      }
    }
    ModelProto model = graph.model().toBuilder()
        .clearGraph()
        .setGraph(g)
        .setProducerName("carbonedge-partitioner")
        .setProducerVersion("1")
        .setDocString(partName + " of " + (original.getName().isEmpty() ? "model" : original.getName()))
        .build();
    return new ExtractedPart(model, inSpecs, outSpecs, macs, parameterBytes, outputBytes, nodes.size());
  }

  /** Bytes an initializer takes: its raw data, or elements × element size. */
  static long initializerBytes(TensorProto t) {
    if (!t.getRawData().isEmpty()) {
      return t.getRawData().size();
    }
    long n = 1;
    for (long d : t.getDimsList()) {
      n *= d;
    }
    try {
      return n * DataTypes.elementBytes(DataTypes.fromOnnxElemType(t.getDataType()));
    } catch (IllegalArgumentException e) {
      return t.getSerializedSize();
    }
  }

  /** Spec (dtype, shape with -1 for symbolic or unknown dims) of a declared tensor. */
  static TensorSpec spec(ValueInfoProto v) {
    TypeProto.Tensor t = v.getType().getTensorType();
    List<Long> shape = new ArrayList<>();
    for (TensorShapeProto.Dimension d : t.getShape().getDimList()) {
      shape.add(d.hasDimValue() ? d.getDimValue() : -1L);
    }
    try {
      return new TensorSpec(v.getName(), DataTypes.fromOnnxElemType(t.getElemType()), shape);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tensor '" + v.getName() + "' cannot cross a partition boundary: "
          + e.getMessage(), e);
    }
  }

  /** Declaration of a boundary tensor: the model's own for model inputs, else type and shape from the probe. */
  private static ValueInfoProto boundary(ModelAnalysis analysis, String name) {
    OnnxGraph graph = analysis.graph();
    ValueInfoProto declared = graph.declared(name);
    if (graph.inputs().contains(name) && declared != null && declared.getType().hasTensorType()) {
      return declared;
    }
    ProbedTensor p = analysis.probed(name);
    if (p == null) {
      if (declared != null && declared.getType().hasTensorType()) {
        return declared;
      }
      throw new IllegalArgumentException("type and shape of tensor '" + name + "' are unknown");
    }
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    long[] dims = p.declaredShape();
    List<TensorShapeProto.Dimension> declaredDims = declared != null && declared.getType().hasTensorType()
        ? declared.getType().getTensorType().getShape().getDimList() : List.of();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] >= 0) {
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i]));
      } else if (declaredDims.size() == dims.length && declaredDims.get(i).hasDimParam()) {
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(declaredDims.get(i).getDimParam()));
      } else {
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(name + "_dim" + i));
      }
    }
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(p.elemType()).setShape(shape)))
        .build();
  }
}
