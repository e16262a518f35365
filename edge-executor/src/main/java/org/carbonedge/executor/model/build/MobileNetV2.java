package org.carbonedge.executor.model.build;

/**
 * MobileNetV2 (Sandler et al., CVPR 2018), width 1.0, 224×224×3 input, 1000 classes: a 3×3 stride-2 stem to 32
 * channels, the paper's inverted-residual table (expansion t, output channels c, repeats n, first stride s), a
 * 1×1 conv to 1280 channels, global average pooling and a fully connected classifier. Each block is an optional
 * 1×1 expansion + ReLU6, a 3×3 depthwise conv + ReLU6 and a linear 1×1 projection, with a residual Add when the
 * stride is 1 and the channel count is unchanged. Batch-norm is folded into every conv's weights and bias.
 * 3,487,818 parameters and 300.8M multiply-accumulates; published: 3.47M / 300M.
 */
public final class MobileNetV2 {
  /** Inverted-residual settings {t, c, n, s} from Table 2 of the paper. */
  static final int[][] BLOCKS = {
      {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
  };
  /** Mean square of every pre-activation (what batch-norm would give a trained network). */
  private static final double UNIT = 1.0;
  /** A residual branch adds this fraction of the skip's mean square, so ten residual Adds keep signals O(1). */
  private static final double RESIDUAL_FRACTION = 0.25;

  private MobileNetV2() {}

  /** Builds the network with weights drawn from {@code seed}. */
  public static BuiltModel build(long seed) {
    GraphBuilder g = new GraphBuilder("mobilenetv2", seed);
    Feature x = g.input("input", 3, 224, 224);
    x = g.relu6("stem.relu6", g.conv("stem.conv", x, 32, 3, 2, 1, UNIT));
    int block = 0;
    for (int[] row : BLOCKS) {
      int t = row[0];
      int c = row[1];
      for (int i = 0; i < row[2]; i++) {
        x = invertedResidual(g, "block" + (++block), x, t, c, i == 0 ? row[3] : 1);
      }
    }
    x = g.relu6("head.relu6", g.conv("head.conv", x, 1280, 1, 1, 1, UNIT));
    x = g.flatten("head.flatten", g.globalAveragePool("head.pool", x));
    Feature logits = g.gemm("logits", x, 1000, UNIT);
    g.output(logits);
    return BuiltModel.of("mobilenetv2", g);
  }

  private static Feature invertedResidual(GraphBuilder g, String name, Feature x, int t, int c, int stride) {
    boolean residual = stride == 1 && x.channels() == c;
    Feature h = x;
    if (t != 1) {
      h = g.relu6(name + ".expand.relu6", g.conv(name + ".expand", h, x.channels() * t, 1, 1, 1, UNIT));
    }
    h = g.relu6(name + ".dw.relu6", g.conv(name + ".dw", h, h.channels(), 3, stride, h.channels(), UNIT));
    h = g.conv(name + ".project", h, c, 1, 1, 1, residual ? RESIDUAL_FRACTION * x.meanSquare() : UNIT);
    return residual ? g.binary("Add", name + ".add", x, h) : h;
  }
}
