package org.carbonedge.executor.model.partition;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Map;

/**
 * The AMP4EC partition cost rule (arXiv 2504.00407), applied per ONNX node at batch 1, in multiply-accumulates:
 * <ul>
 *   <li>Conv: kh·kw·(Cin/group)·Cout per output position, i.e. elements(W)·prod(output spatial dims)·N, so a
 *       depthwise conv costs kh·kw·C per position, not kh·kw·C².</li>
 *   <li>ConvTranspose: elements(W) per input position.</li>
 *   <li>Gemm and MatMul: Nin·Nout per output row, i.e. elements(Y)·K.</li>
 *   <li>Every other node: AMP4EC charges its parameter count; we charge max(parameters read, output elements)
 *       so parameter-free layers (activations, pooling, Add) are not free. This is our extension, documented
 *       here because it changes totals by a few percent.</li>
 * </ul>
 * Parameters are the elements of constant inputs (initializers or constant-node outputs).
 */
public final class CostModel {
  private CostModel() {}

  /** Cost of node {@code i} of {@code graph}, using probed shapes. */
  public static NodeCost cost(OnnxGraph graph, Map<String, ProbedTensor> shapes, int i) {
    NodeProto n = graph.node(i);
    String op = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType() : "";
    long[] y = n.getOutputCount() > 0 ? shape(graph, shapes, n.getOutput(0)) : null;
    switch (op) {
      case "Conv" -> {
        long[] w = n.getInputCount() > 1 ? shape(graph, shapes, n.getInput(1)) : null;
        if (w != null && y != null && y.length >= 2) {
          long positions = y[0];
          for (int d = 2; d < y.length; d++) {
            positions *= y[d];
          }
          return new NodeCost(i, n.getOpType(), n.getName(), product(w) * positions, "conv");
        }
      }
      case "ConvTranspose" -> {
        long[] x = shape(graph, shapes, n.getInput(0));
        long[] w = n.getInputCount() > 1 ? shape(graph, shapes, n.getInput(1)) : null;
        if (w != null && x != null && x.length >= 2) {
          long positions = x[0];
          for (int d = 2; d < x.length; d++) {
            positions *= x[d];
          }
          return new NodeCost(i, n.getOpType(), n.getName(), product(w) * positions, "conv");
        }
      }
      case "Gemm" -> {
        long[] a = shape(graph, shapes, n.getInput(0));
        if (a != null && a.length == 2 && y != null) {
          long k = intAttr(n, "transA", 0) == 0 ? a[1] : a[0];
          return new NodeCost(i, n.getOpType(), n.getName(), product(y) * k, "gemm");
        }
      }
      case "MatMul" -> {
        long[] a = shape(graph, shapes, n.getInput(0));
        if (a != null && a.length >= 1 && y != null) {
          return new NodeCost(i, n.getOpType(), n.getName(), product(y) * a[a.length - 1], "matmul");
        }
      }
      default -> {
        // other nodes below
      }
    }
    long params = 0;
    for (String s : graph.inputsOf(i)) {
      if (graph.isConstant(s)) {
        long[] p = shape(graph, shapes, s);
        params += p == null ? 0 : product(p);
      }
    }
    long elements = 0;
    for (String o : n.getOutputList()) {
      long[] s = o.isEmpty() ? null : shape(graph, shapes, o);
      elements += s == null ? 0 : product(s);
    }
    return params >= elements
        ? new NodeCost(i, n.getOpType(), n.getName(), params, "params")
        : new NodeCost(i, n.getOpType(), n.getName(), elements, "elements");
  }

  /** Batch-1 shape of {@code tensor}: probed, or the dims of an initializer; null if unknown. */
  static long[] shape(OnnxGraph graph, Map<String, ProbedTensor> shapes, String tensor) {
    ProbedTensor p = shapes.get(tensor);
    if (p != null) {
      return p.batchOneShape();
    }
    TensorProto t = graph.initializer(tensor);
    if (t != null) {
      long[] dims = new long[t.getDimsCount()];
      for (int d = 0; d < dims.length; d++) {
        dims[d] = t.getDims(d);
      }
      return dims;
    }
    if (graph.sparseInitializer(tensor) != null) {
      return graph.sparseInitializer(tensor).getDimsList().stream().mapToLong(Long::longValue).toArray();
    }
    return null;
  }

  static long product(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= Math.max(d, 0);
    }
    return n;
  }

  private static long intAttr(NodeProto n, String name, long fallback) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return fallback;
  }
}
