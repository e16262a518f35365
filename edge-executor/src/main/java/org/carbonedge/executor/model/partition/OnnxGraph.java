package org.carbonedge.executor.model.partition;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Read-only index of any ONNX model's main graph, built once so the cut finder, cost model and extractor share
 * one view of it: nodes in a topological order, which node produces each tensor, what each node reads
 * (including names its If/Loop/Scan bodies capture from the outer graph), and which tensors are constants.
 *
 * <p>A tensor is constant when it is an initializer, or produced by a node whose every input is constant (a
 * Constant node, or e.g. a Reshape of a weight, as in mnist-8). Constant nodes are not ordered with the compute
 * nodes: they never cross a cut; an extracted part simply re-includes the constant nodes it needs.
 */
public final class OnnxGraph {
  private static final Set<String> NON_DETERMINISTIC = Set.of("RandomNormal", "RandomUniform",
      "RandomNormalLike", "RandomUniformLike", "Multinomial", "Bernoulli");

  private final ModelProto model;
  private final List<NodeProto> nodes;
  private final List<List<String>> nodeInputs = new ArrayList<>();
  private final Map<String, Integer> producerNode = new HashMap<>();
  private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
  private final Map<String, SparseTensorProto> sparseInitializers = new LinkedHashMap<>();
  private final Map<String, ValueInfoProto> declared = new HashMap<>();
  private final List<String> inputs = new ArrayList<>();
  private final List<String> outputs = new ArrayList<>();
  private final Set<String> constants = new HashSet<>();
  private final int[] topoIndex;
  private final List<Integer> computeOrder = new ArrayList<>();
  private final List<Integer> constantNodes = new ArrayList<>();

  private OnnxGraph(ModelProto model) {
    this.model = model;
    GraphProto g = model.getGraph();
    this.nodes = g.getNodeList();
    for (TensorProto t : g.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    for (SparseTensorProto t : g.getSparseInitializerList()) {
      sparseInitializers.put(t.getValues().getName(), t);
    }
    for (ValueInfoProto v : g.getValueInfoList()) {
      declared.put(v.getName(), v);
    }
    for (ValueInfoProto v : g.getOutputList()) {
      declared.put(v.getName(), v);
      outputs.add(v.getName());
    }
    for (ValueInfoProto v : g.getInputList()) {
      declared.put(v.getName(), v);
      if (!isInitializer(v.getName())) {
        inputs.add(v.getName());
      }
    }
    for (int i = 0; i < nodes.size(); i++) {
      NodeProto n = nodes.get(i);
      List<String> ins = new ArrayList<>();
      for (String s : n.getInputList()) {
        if (!s.isEmpty()) {
          ins.add(s);
        }
      }
      for (String s : capturedNames(n)) {
        if (!ins.contains(s)) {
          ins.add(s);
        }
      }
      nodeInputs.add(Collections.unmodifiableList(ins));
      for (String o : n.getOutputList()) {
        if (o.isEmpty()) {
          continue;
        }
        Integer previous = producerNode.put(o, i);
        if (previous != null || isInitializer(o) || inputs.contains(o)) {
          throw new IllegalArgumentException("tensor '" + o + "' is produced twice (node " + describe(i)
              + "); not a valid ONNX graph");
        }
      }
    }
    this.topoIndex = topologicalSort();
    classify();
  }

  /** Parses {@code file}; a clear error if it is not an ONNX model. */
  public static OnnxGraph load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
    return parse(bytes, file.toString());
  }

  /** Parses serialized model bytes; {@code source} names them in errors. */
  public static OnnxGraph parse(byte[] bytes, String source) {
    try {
      ModelProto m = ModelProto.parseFrom(bytes);
      if (!m.hasGraph() || m.getGraph().getNodeCount() == 0) {
        throw new IllegalArgumentException(source + " is not an ONNX model (no graph nodes)");
      }
      return new OnnxGraph(m);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(source + " is not an ONNX model: " + e.getMessage(), e);
    }
  }

  /** Index of an already parsed model. */
  public static OnnxGraph of(ModelProto model) {
    return new OnnxGraph(model);
  }

  /** The model. */
  public ModelProto model() {
    return model;
  }

  /** Node {@code i} in file order. */
  public NodeProto node(int i) {
    return nodes.get(i);
  }

  /** Number of nodes. */
  public int nodeCount() {
    return nodes.size();
  }

  /** Non-empty inputs of node {@code i}, plus outer-scope names its subgraphs read. */
  public List<String> inputsOf(int i) {
    return nodeInputs.get(i);
  }

  /** Node producing {@code tensor}, or -1 for inputs, initializers and unknown names. */
  public int producerOf(String tensor) {
    return producerNode.getOrDefault(tensor, -1);
  }

  /** Position of node {@code i} in the topological order of all nodes. */
  public int topoIndex(int i) {
    return topoIndex[i];
  }

  /** Non-constant nodes (file indices) in topological order: the sequence cuts are made in. */
  public List<Integer> computeOrder() {
    return Collections.unmodifiableList(computeOrder);
  }

  /** Nodes whose outputs are constants (file indices). */
  public List<Integer> constantNodes() {
    return Collections.unmodifiableList(constantNodes);
  }

  /** Model inputs that are not initializers, in declaration order. */
  public List<String> inputs() {
    return Collections.unmodifiableList(inputs);
  }

  /** Model outputs in declaration order. */
  public List<String> outputs() {
    return Collections.unmodifiableList(outputs);
  }

  /** True for initializers (dense or sparse). */
  public boolean isInitializer(String tensor) {
    return initializers.containsKey(tensor) || sparseInitializers.containsKey(tensor);
  }

  /** Dense initializer {@code name}, or null. */
  public TensorProto initializer(String name) {
    return initializers.get(name);
  }

  /** Sparse initializer {@code name}, or null. */
  public SparseTensorProto sparseInitializer(String name) {
    return sparseInitializers.get(name);
  }

  /** All dense initializers. */
  public Iterable<TensorProto> initializers() {
    return initializers.values();
  }

  /** True for initializers and outputs of constant nodes. */
  public boolean isConstant(String tensor) {
    return constants.contains(tensor);
  }

  /** The model's own ValueInfo for {@code tensor} (input, output or value_info), or null. */
  public ValueInfoProto declared(String tensor) {
    return declared.get(tensor);
  }

  /** "OpType 'name' (#i)" for error messages. */
  public String describe(int i) {
    NodeProto n = nodes.get(i);
    return n.getOpType() + (n.getName().isEmpty() ? "" : " '" + n.getName() + "'") + " (#" + i + ")";
  }

  private int[] topologicalSort() {
    int n = nodes.size();
    int[] pending = new int[n];
    Map<String, List<Integer>> consumers = new HashMap<>();
    for (int i = 0; i < n; i++) {
      for (String s : nodeInputs.get(i)) {
        if (producerNode.containsKey(s)) {
          pending[i]++;
          consumers.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
        } else if (!isInitializer(s) && !inputs.contains(s)) {
          throw new IllegalArgumentException("node " + describe(i) + " reads tensor '" + s
              + "' that no node, input or initializer provides");
        }
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < n; i++) {
      if (pending[i] == 0) {
        ready.add(i);
      }
    }
    int[] order = new int[n];
    int next = 0;
    while (!ready.isEmpty()) {
      int i = ready.poll();
      order[i] = next++;
      for (String o : nodes.get(i).getOutputList()) {
        for (int c : consumers.getOrDefault(o, List.of())) {
          if (--pending[c] == 0) {
            ready.add(c);
          }
        }
      }
    }
    if (next != n) {
      throw new IllegalArgumentException("graph has a cycle: " + (n - next) + " nodes can never run");
    }
    return order;
  }

  private void classify() {
    constants.addAll(initializers.keySet());
    constants.addAll(sparseInitializers.keySet());
    Integer[] byTopo = new Integer[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      byTopo[topoIndex[i]] = i;
    }
    for (int i : byTopo) {
      NodeProto n = nodes.get(i);
      boolean constant = !NON_DETERMINISTIC.contains(n.getOpType());
      for (String s : nodeInputs.get(i)) {
        constant &= constants.contains(s);
      }
      if (constant) {
        constantNodes.add(i);
        for (String o : n.getOutputList()) {
          if (!o.isEmpty()) {
            constants.add(o);
          }
        }
      } else {
        computeOrder.add(i);
      }
    }
  }

  /** Names a node's subgraphs read from enclosing scopes. */
  private static Set<String> capturedNames(NodeProto n) {
    Set<String> out = new LinkedHashSet<>();
    for (AttributeProto a : n.getAttributeList()) {
      if (a.hasG()) {
        collectCaptured(a.getG(), out);
      }
      for (GraphProto g : a.getGraphsList()) {
        collectCaptured(g, out);
      }
    }
    return out;
  }

  private static void collectCaptured(GraphProto g, Set<String> out) {
    Set<String> local = new HashSet<>();
    g.getInputList().forEach(v -> local.add(v.getName()));
    g.getInitializerList().forEach(t -> local.add(t.getName()));
    g.getSparseInitializerList().forEach(t -> local.add(t.getValues().getName()));
    for (NodeProto n : g.getNodeList()) {
      for (String s : n.getInputList()) {
        if (!s.isEmpty() && !local.contains(s)) {
          out.add(s);
        }
      }
      for (String s : capturedNames(n)) {
        if (!local.contains(s)) {
          out.add(s);
        }
      }
      local.addAll(n.getOutputList());
    }
  }
}
