package org.carbonedge.executor.model.build;

/**
 * EfficientNet-B0 (Tan and Le, ICML 2019), 224×224×3 input, 1000 classes: a 3×3 stride-2 stem to 32 channels,
 * the B0 table of MBConv stages (expansion, kernel, stride, output channels, repeats), a 1×1 conv to 1280
 * channels, global average pooling and a fully connected classifier. Each MBConv block is an optional 1×1
 * expansion + Swish, a k×k depthwise conv + Swish, squeeze-excitation (global pool, 1×1 conv to
 * max(1, Cin/4) + Swish, 1×1 conv back + Sigmoid, channel-wise Mul), and a linear 1×1 projection with a
 * residual Add when stride is 1 and channels are unchanged (drop-connect is training-only). Swish is
 * x·sigmoid(x). Batch-norm is folded into every conv's weights and bias. 5,267,540 parameters and 385.8M
 * multiply-accumulates; published: 5.29M / 0.39B.
 */
public final class EfficientNetB0 {
  /** MBConv stages {expand ratio, kernel, stride, output channels, repeats} of B0. */
  static final int[][] STAGES = {
      {1, 3, 1, 16, 1}, {6, 3, 2, 24, 2}, {6, 5, 2, 40, 2}, {6, 3, 2, 80, 3}, {6, 5, 1, 112, 3},
      {6, 5, 2, 192, 4}, {6, 3, 1, 320, 1},
  };
  /** Mean square of every pre-activation (what batch-norm would give a trained network). */
  private static final double UNIT = 1.0;
  /** A residual branch adds this fraction of the skip's mean square, so residual Adds keep signals O(1). */
  private static final double RESIDUAL_FRACTION = 0.25;

  private EfficientNetB0() {}

  /** Builds the network with weights drawn from {@code seed}. */
  public static BuiltModel build(long seed) {
    GraphBuilder g = new GraphBuilder("efficientnet-b0", seed);
    Feature x = g.input("input", 3, 224, 224);
    x = g.swish("stem.swish", g.conv("stem.conv", x, 32, 3, 2, 1, UNIT));
    int block = 0;
    for (int[] s : STAGES) {
      for (int i = 0; i < s[4]; i++) {
        x = mbConv(g, "block" + (++block), x, s[0], s[1], i == 0 ? s[2] : 1, s[3]);
      }
    }
    x = g.swish("head.swish", g.conv("head.conv", x, 1280, 1, 1, 1, UNIT));
    x = g.flatten("head.flatten", g.globalAveragePool("head.pool", x));
    Feature logits = g.gemm("logits", x, 1000, UNIT);
    g.output(logits);
    return BuiltModel.of("efficientnet-b0", g);
  }

  private static Feature mbConv(GraphBuilder g, String name, Feature x, int expand, int kernel, int stride,
      int out) {
    boolean residual = stride == 1 && x.channels() == out;
    int squeeze = Math.max(1, x.channels() / 4);
    Feature h = x;
    if (expand != 1) {
      h = g.swish(name + ".expand.swish", g.conv(name + ".expand", h, x.channels() * expand, 1, 1, 1, UNIT));
    }
    h = g.swish(name + ".dw.swish", g.conv(name + ".dw", h, h.channels(), kernel, stride, h.channels(), UNIT));
    Feature se = g.globalAveragePool(name + ".se.pool", h);
    se = g.swish(name + ".se.reduce.swish", g.conv(name + ".se.reduce", se, squeeze, 1, 1, 1, UNIT));
    se = g.unary("Sigmoid", name + ".se.gate", g.conv(name + ".se.expand", se, h.channels(), 1, 1, 1, UNIT));
    h = g.binary("Mul", name + ".se.scale", h, se);
    h = g.conv(name + ".project", h, out, 1, 1, 1, residual ? RESIDUAL_FRACTION * x.meanSquare() : UNIT);
    return residual ? g.binary("Add", name + ".add", x, h) : h;
  }
}
