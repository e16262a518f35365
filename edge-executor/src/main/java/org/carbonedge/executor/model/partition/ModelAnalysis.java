package org.carbonedge.executor.model.partition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carbonedge.executor.onnx.DataTypes;

/**
 * Everything the partitioner needs to know about one model, computed once: its graph index, the type and shape
 * of every tensor (from one ONNX Runtime run), the AMP4EC cost of every node, and for every position of the
 * compute order the set of live tensors crossing a cut there.
 *
 * <p>A cut after position p is crossed by every non-constant tensor produced at or before p (model inputs
 * count as produced before position 0) and read after p (model outputs count as read at the end). Inside a
 * branch or a residual block at least two tensors are live, so restricting cuts to {@code maxTensors = 1}
 * (the default) only ever cuts at clean layer boundaries; larger limits allow cutting through branches, and
 * the extracted parts then carry every crossing tensor, so they are still correct.
 */
public final class ModelAnalysis {
  private final OnnxGraph graph;
  private final Map<String, ProbedTensor> shapes;
  private final List<NodeCost> computeCosts = new ArrayList<>();
  private final long[] prefixMacs;
  private final List<CutPoint> allCuts = new ArrayList<>();
  private final long totalMacs;

  private ModelAnalysis(OnnxGraph graph, Map<String, ProbedTensor> shapes) {
    this.graph = graph;
    this.shapes = shapes;
    List<Integer> order = graph.computeOrder();
    prefixMacs = new long[order.size() + 1];
    for (int p = 0; p < order.size(); p++) {
      NodeCost c = CostModel.cost(graph, shapes, order.get(p));
      computeCosts.add(c);
      prefixMacs[p + 1] = prefixMacs[p] + c.macs();
    }
    long constantMacs = 0;
    for (int i : graph.constantNodes()) {
      constantMacs += CostModel.cost(graph, shapes, i).macs();
    }
    totalMacs = prefixMacs[order.size()] + constantMacs;
    sweep(order);
  }

  /** Analyses the model in {@code file}. */
  public static ModelAnalysis of(Path file) {
    return of(OnnxGraph.load(file));
  }

  /** Analyses an indexed model. */
  public static ModelAnalysis of(OnnxGraph graph) {
    return new ModelAnalysis(graph, ShapeProbe.probe(graph));
  }

  /** The graph index. */
  public OnnxGraph graph() {
    return graph;
  }

  /** Probed type and shape of {@code tensor}, or null (initializers are not probed). */
  public ProbedTensor probed(String tensor) {
    return shapes.get(tensor);
  }

  /** AMP4EC cost of node {@code node} (file index), compute or constant. */
  public NodeCost costOf(int node) {
    return CostModel.cost(graph, shapes, node);
  }

  /** Cost of every compute node, in compute order. */
  public List<NodeCost> computeCosts() {
    return Collections.unmodifiableList(computeCosts);
  }

  /** Number of compute nodes (the length of the order cuts are placed in). */
  public int computeNodeCount() {
    return computeCosts.size();
  }

  /** AMP4EC cost of the whole model: compute nodes plus constant nodes, each counted once. */
  public long totalMacs() {
    return totalMacs;
  }

  /** AMP4EC cost of compute positions [from, to). */
  public long macsBetween(int from, int to) {
    return prefixMacs[to] - prefixMacs[from];
  }

  /** Every possible cut (after positions 0 … n-2), valid or not, with the tensors crossing it. */
  public List<CutPoint> allCuts() {
    return Collections.unmodifiableList(allCuts);
  }

  /** Cuts crossed by at most {@code maxTensors} tensors, in order. */
  public List<CutPoint> cutPoints(int maxTensors) {
    if (maxTensors < 1) {
      throw new IllegalArgumentException("maxTensors must be >= 1, was " + maxTensors);
    }
    return allCuts.stream().filter(c -> c.tensors().size() <= maxTensors).toList();
  }

  /** Cuts crossed by a single tensor: clean layer boundaries. */
  public List<CutPoint> cutPoints() {
    return cutPoints(1);
  }

  /** The cut after compute position {@code position}. */
  public CutPoint cutAt(int position) {
    if (position < 0 || position >= allCuts.size()) {
      throw new IllegalArgumentException("no cut after position " + position + "; positions run from 0 to "
          + (allCuts.size() - 1) + " (the model has " + computeNodeCount() + " compute nodes)");
    }
    return allCuts.get(position);
  }

  /** Bytes of {@code tensor} at batch 1 (0 if unknown). */
  public long bytes(String tensor) {
    ProbedTensor p = shapes.get(tensor);
    if (p == null) {
      return 0;
    }
    try {
      return p.elements() * DataTypes.elementBytes(DataTypes.fromOnnxElemType(p.elemType()));
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  private void sweep(List<Integer> order) {
    int n = order.size();
    Map<String, Integer> lastUse = new HashMap<>();
    for (int p = 0; p < n; p++) {
      for (String s : graph.inputsOf(order.get(p))) {
        if (!graph.isConstant(s)) {
          lastUse.put(s, p);
        }
      }
    }
    for (String s : graph.outputs()) {
      if (!graph.isConstant(s)) {
        lastUse.put(s, n);
      }
    }
    Set<String> live = new LinkedHashSet<>();
    for (String s : graph.inputs()) {
      if (lastUse.getOrDefault(s, -1) >= 0) {
        live.add(s);
      }
    }
    for (int p = 0; p < n - 1; p++) {
      int node = order.get(p);
      for (String o : graph.node(node).getOutputList()) {
        if (!o.isEmpty() && lastUse.getOrDefault(o, -1) > p) {
          live.add(o);
        }
      }
      final int pos = p;
      live.removeIf(s -> lastUse.getOrDefault(s, -1) <= pos);
      long bytes = 0;
      for (String s : live) {
        bytes += bytes(s);
      }
      allCuts.add(new CutPoint(p, graph.describe(node), new ArrayList<>(live), bytes, prefixMacs[p + 1],
          prefixMacs[n] - prefixMacs[p + 1]));
    }
  }
}
