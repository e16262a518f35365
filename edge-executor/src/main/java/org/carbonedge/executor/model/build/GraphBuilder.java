package org.carbonedge.executor.model.build;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Writes float32 NCHW inference graphs (opset 17) directly as ONNX protobufs, one layer per call, with seeded
 * weights. Exists because tribuo's ONNXContext only handles 2-D inputs, and because building the graph layer by
 * layer lets it count parameters and multiply-accumulates exactly as it goes.
 *
 * <p>Counting rule: {@link #macs()} counts Conv (kh·kw·Cin/group·Cout per output position) and Gemm (Nin·Nout)
 * only, the convention behind published figures such as MobileNetV2's 300M; {@link #params()} counts every
 * initializer element. Batch-norm is assumed already folded into each convolution's weights and bias (the
 * inference form of a trained network), so graphs carry no BatchNormalization nodes.
 *
 * <p>Weights are drawn from N(0, σ²) and biases from N(0, 0.01²), all from one generator seeded by the caller, so
 * the same seed always yields the same bytes. σ is chosen per layer like He initialisation but from the tracked
 * mean square of the layer's input (see {@link Moments}): σ² = target / (fan_in · E[x²]), so each layer's output
 * has the mean square the caller asks for (1 before an activation). Random weights then keep activations O(1)
 * through the whole network, as the folded batch-norm of a trained network would; the graph input is assumed
 * to have unit mean square (a normalised image).
 */
public final class GraphBuilder {
  private static final int OPSET = 17;
  private static final long IR_VERSION = 8;
  /** Inputs are assumed uniform in [-1, 1) (mean square 1/3), what {@code RandomInputs} feeds the models. */
  static final double INPUT_MEAN_SQUARE = 1.0 / 3;
  private static final double CHANNEL_MEAN_SPREAD = 0.3;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final SplittableRandom random;
  private long params;
  private long macs;
  private String clipMin;
  private String clipMax;

  /** A builder for a graph named {@code graphName} whose weights come from {@code seed}. */
  public GraphBuilder(String graphName, long seed) {
    graph.setName(graphName);
    this.random = new SplittableRandom(seed);
  }

  /** Declares the float input {@code name} of shape [1, c, h, w]. */
  public Feature input(String name, int channels, int height, int width) {
    graph.addInput(valueInfo(name, 1, channels, height, width));
    return Feature.map(name, channels, height, width, 0, INPUT_MEAN_SQUARE);
  }

  /** Declares {@code f} as a graph output. */
  public void output(Feature f) {
    graph.addOutput(f.flat() ? valueInfo(f.name(), 1, f.channels()) : valueInfo(f.name(), 1, f.channels(),
        f.height(), f.width()));
  }

  /**
   * Conv with a k×k kernel, symmetric padding (k-1)/2, the given stride and group count, and bias; weights are
   * scaled so the output's mean square is about {@code targetMeanSquare}.
   */
  public Feature conv(String name, Feature x, int outChannels, int kernel, int stride, int groups,
      double targetMeanSquare) {
    if (x.channels() % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(name + ": channels " + x.channels() + "->" + outChannels
          + " not divisible by groups " + groups);
    }
    int inPerGroup = x.channels() / groups;
    int pad = (kernel - 1) / 2;
    int outH = (x.height() + 2 * pad - kernel) / stride + 1;
    int outW = (x.width() + 2 * pad - kernel) / stride + 1;
    double std = Math.sqrt(targetMeanSquare / ((double) inPerGroup * kernel * kernel * x.meanSquare()));
    String w = weight(name + ".weight", std, outChannels, inPerGroup, kernel, kernel);
    String b = weight(name + ".bias", 0.01, outChannels);
    node(NodeProto.newBuilder().setOpType("Conv").setName(name)
        .addInput(x.name()).addInput(w).addInput(b).addOutput(name)
        .addAttribute(ints("kernel_shape", kernel, kernel))
        .addAttribute(ints("strides", stride, stride))
        .addAttribute(ints("pads", pad, pad, pad, pad))
        .addAttribute(ints("dilations", 1, 1))
        .addAttribute(AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.INT)
            .setI(groups)));
    macs += (long) kernel * kernel * inPerGroup * outChannels * outH * outW;
    return Feature.map(name, outChannels, outH, outW, 0, targetMeanSquare);
  }

  /** Fully connected layer y = x·Wᵀ + b (Gemm, transB = 1) scaled to an output mean square of the target. */
  public Feature gemm(String name, Feature x, int outFeatures, double targetMeanSquare) {
    if (!x.flat()) {
      throw new IllegalArgumentException(name + ": Gemm needs a flattened input, got " + x);
    }
    double std = Math.sqrt(targetMeanSquare / (x.channels() * x.meanSquare()));
    String w = weight(name + ".weight", std, outFeatures, x.channels());
    String b = weight(name + ".bias", 0.01, outFeatures);
    node(NodeProto.newBuilder().setOpType("Gemm").setName(name)
        .addInput(x.name()).addInput(w).addInput(b).addOutput(name)
        .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT)
            .setI(1)));
    macs += (long) x.channels() * outFeatures;
    return Feature.vector(name, outFeatures, 0, targetMeanSquare);
  }

  /** ReLU6 written as Clip(x, 0, 6), the opset-17 form (min and max are shared scalar initializers). */
  public Feature relu6(String name, Feature x) {
    if (clipMin == null) {
      clipMin = scalar("clip.min", 0f);
      clipMax = scalar("clip.max", 6f);
    }
    node(NodeProto.newBuilder().setOpType("Clip").setName(name)
        .addInput(x.name()).addInput(clipMin).addInput(clipMax).addOutput(name));
    return activated(x, name, v -> Math.min(Math.max(v, 0), 6));
  }

  /** Swish / SiLU as x·sigmoid(x): a Sigmoid node and a Mul node. */
  public Feature swish(String name, Feature x) {
    String sigmoid = name + ".sigmoid";
    node(NodeProto.newBuilder().setOpType("Sigmoid").setName(sigmoid).addInput(x.name()).addOutput(sigmoid));
    node(NodeProto.newBuilder().setOpType("Mul").setName(name).addInput(x.name()).addInput(sigmoid)
        .addOutput(name));
    return activated(x, name, v -> v * Moments.sigmoid(v));
  }

  /** A single-input, shape-preserving op: Relu, Sigmoid or Softmax (over the last axis). */
  public Feature unary(String opType, String name, Feature x) {
    node(NodeProto.newBuilder().setOpType(opType).setName(name).addInput(x.name()).addOutput(name));
    return switch (opType) {
      case "Relu" -> activated(x, name, v -> Math.max(v, 0));
      case "Sigmoid" -> activated(x, name, Moments::sigmoid);
      case "Softmax" -> x.with(name, 1.0 / x.channels(), 1.0 / x.channels());
      default -> throw new IllegalArgumentException("unary op " + opType + " is not supported by the builder");
    };
  }

  /**
   * Element-wise Add or Mul whose output has the shape of {@code x}; {@code y} may broadcast. Moments assume
   * the operands are independent.
   */
  public Feature binary(String opType, String name, Feature x, Feature y) {
    node(NodeProto.newBuilder().setOpType(opType).setName(name).addInput(x.name()).addInput(y.name())
        .addOutput(name));
    return switch (opType) {
      case "Add" -> x.with(name, x.mean() + y.mean(), x.meanSquare() + y.meanSquare() + 2 * x.mean() * y.mean());
      case "Mul" -> x.with(name, x.mean() * y.mean(), x.meanSquare() * y.meanSquare());
      default -> throw new IllegalArgumentException("binary op " + opType + " is not supported by the builder");
    };
  }

  /** MaxPool with a square window and stride, no padding. */
  public Feature maxPool(String name, Feature x, int kernel, int stride) {
    node(NodeProto.newBuilder().setOpType("MaxPool").setName(name).addInput(x.name()).addOutput(name)
        .addAttribute(ints("kernel_shape", kernel, kernel)).addAttribute(ints("strides", stride, stride)));
    return Feature.map(name, x.channels(), (x.height() - kernel) / stride + 1, (x.width() - kernel) / stride + 1,
        x.mean(), x.meanSquare());
  }

  /**
   * GlobalAveragePool to [1, C, 1, 1]. The pooled mean square is the squared mean plus the spread of the channel
   * means, taken as 30% of the input variance (what MobileNetV2/EfficientNet-B0 show with these weights; it
   * keeps the squeeze-excitation gates out of saturation).
   */
  public Feature globalAveragePool(String name, Feature x) {
    node(NodeProto.newBuilder().setOpType("GlobalAveragePool").setName(name).addInput(x.name()).addOutput(name));
    double variance = Math.max(0, x.meanSquare() - x.mean() * x.mean());
    double spread = Math.max(CHANNEL_MEAN_SPREAD * variance, variance / ((double) x.height() * x.width()));
    return Feature.map(name, x.channels(), 1, 1, x.mean(), x.mean() * x.mean() + spread);
  }

  /** Flatten to [1, C·H·W]. */
  public Feature flatten(String name, Feature x) {
    node(NodeProto.newBuilder().setOpType("Flatten").setName(name).addInput(x.name()).addOutput(name)
        .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
            .setI(1)));
    return Feature.vector(name, Math.toIntExact(x.elements()), x.mean(), x.meanSquare());
  }

  /** Parameters so far (initializer elements). */
  public long params() {
    return params;
  }

  /** Conv and Gemm multiply-accumulates so far, batch 1. */
  public long macs() {
    return macs;
  }

  /** The finished model: IR version 8, default-domain opset 17. */
  public ModelProto build() {
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("carbonedge-model-zoo")
        .setProducerVersion("1")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph)
        .build();
  }

  private void node(NodeProto.Builder n) {
    graph.addNode(n);
  }

  /** {@code x} after the element-wise function f, with moments for a zero-mean Gaussian input of x's scale. */
  private static Feature activated(Feature x, String name, java.util.function.DoubleUnaryOperator f) {
    double[] m = Moments.of(f, x.meanSquare());
    return x.with(name, m[0], m[1]);
  }

  private String weight(String name, double std, long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * 4)).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < n; i++) {
      b.putFloat((float) (random.nextGaussian() * std));
    }
    addInitializer(name, dims, b.array());
    return name;
  }

  private String scalar(String name, float value) {
    ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
    addInitializer(name, new long[0], b.array());
    return name;
  }

  private void addInitializer(String name, long[] dims, byte[] raw) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw));
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    params += raw.length / 4;
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
        .setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static ValueInfoProto valueInfo(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
        .build();
  }
}
