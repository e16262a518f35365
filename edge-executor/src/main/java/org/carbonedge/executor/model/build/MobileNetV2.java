package org.carbonedge.executor.model.build;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.carbonedge.avro.ModelAccuracy;

/**
 * MobileNetV2 (Sandler et al., CVPR 2018), width 1.0, 224×224×3 input, 1000 classes: a 3×3 stride-2 stem to 32
 * channels, the paper's inverted-residual table (expansion t, output channels c, repeats n, first stride s), a
 * 1×1 conv to 1280 channels, global average pooling and a fully connected classifier. Each block is an optional
 * 1×1 expansion + ReLU6, a 3×3 depthwise conv + ReLU6 and a linear 1×1 projection, with a residual Add when the
 * stride is 1 and the channel count is unchanged. Batch-norm is folded into every conv's weights and bias.
 * 3,487,818 parameters and 300.8M multiply-accumulates; published: 3.47M / 300M.
 *
 * <p>Width variants (the paper's width multiplier, for trading accuracy for compute): every layer's channels are
 * multiplied by the width and rounded as the authors' reference implementation does ({@link #makeDivisible}); the
 * stem uses the multiplied 32, and the last 1×1 conv keeps 1280 channels for widths up to 1.0 ("we apply width
 * multiplier to all layers except the very last convolutional layer") and is multiplied above 1.0. Expansion layers
 * have t × the (already rounded) input channels. Width 1.0 is the network above, byte for byte.
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

  /** Family name, and the model id of width 1.0. */
  public static final String FAMILY = "mobilenetv2";
  /** Width multipliers the authors published ImageNet checkpoints for at 224×224, and which are built here. */
  public static final List<Double> WIDTHS = List.of(0.35, 0.5, 0.75, 1.0, 1.4);
  /** Channels are rounded to multiples of this, as in the reference implementation. */
  static final int CHANNEL_DIVISOR = 8;
  /** Channels of the last 1×1 conv at width ≤ 1.0. */
  static final int LAST_CHANNELS = 1280;
  /** Where the accuracy figures come from; the weights built here are seeded, not trained. */
  private static final String PAPER = "Sandler et al. 2018, MobileNetV2: Inverted Residuals and Linear Bottlenecks"
      + " (CVPR), ImageNet top-1 at 224x224";
  private static final String NOT_MEASURED = "; published for the architecture, not measured on these seeded weights";
  /** ImageNet top-1 per width: the paper's Table 4 for 1.0 and 1.4, the authors' checkpoint table for the rest. */
  private static final Map<Double, ModelAccuracy> TOP1 = Map.of(
      1.4, new ModelAccuracy("top1", 0.747, PAPER + ", Table 4" + NOT_MEASURED),
      1.0, new ModelAccuracy("top1", 0.720, PAPER + ", Table 4" + NOT_MEASURED),
      0.75, new ModelAccuracy("top1", 0.698, PAPER + ", authors' checkpoint mobilenet_v2_0.75_224"
          + " (tensorflow/models research/slim/nets/mobilenet)" + NOT_MEASURED),
      0.5, new ModelAccuracy("top1", 0.654, PAPER + ", authors' checkpoint mobilenet_v2_0.5_224"
          + " (tensorflow/models research/slim/nets/mobilenet)" + NOT_MEASURED),
      0.35, new ModelAccuracy("top1", 0.603, PAPER + ", authors' checkpoint mobilenet_v2_0.35_224"
          + " (tensorflow/models research/slim/nets/mobilenet)" + NOT_MEASURED));

  private MobileNetV2() {}

  /** Builds the network at width 1.0 with weights drawn from {@code seed}. */
  public static BuiltModel build(long seed) {
    return build(1.0, seed);
  }

  /**
   * Builds the network at {@code width} (one of {@link #WIDTHS}) with weights drawn from {@code seed}; the model
   * and graph are named {@link #modelId(double)}.
   */
  public static BuiltModel build(double width, long seed) {
    String id = modelId(width);
    GraphBuilder g = new GraphBuilder(id, seed);
    Feature x = g.input("input", 3, 224, 224);
    x = g.relu6("stem.relu6", g.conv("stem.conv", x, makeDivisible(32 * width), 3, 2, 1, UNIT));
    int block = 0;
    for (int[] row : BLOCKS) {
      int t = row[0];
      int c = makeDivisible(row[1] * width);
      for (int i = 0; i < row[2]; i++) {
        x = invertedResidual(g, "block" + (++block), x, t, c, i == 0 ? row[3] : 1);
      }
    }
    int last = width > 1.0 ? makeDivisible(LAST_CHANNELS * width) : LAST_CHANNELS;
    x = g.relu6("head.relu6", g.conv("head.conv", x, last, 1, 1, 1, UNIT));
    x = g.flatten("head.flatten", g.globalAveragePool("head.pool", x));
    Feature logits = g.gemm("logits", x, 1000, UNIT);
    g.output(logits);
    return BuiltModel.of(id, g);
  }

  /**
   * Model id of {@code width}: {@value #FAMILY} for 1.0 (the id it always had), {@code mobilenetv2-w075} for 0.75
   * and so on (width × 100, three digits).
   *
   * @throws IllegalArgumentException for a width not in {@link #WIDTHS}
   */
  public static String modelId(double width) {
    if (!WIDTHS.contains(width)) {
      throw new IllegalArgumentException("unsupported MobileNetV2 width " + width + "; supported: " + WIDTHS);
    }
    return width == 1.0 ? FAMILY : String.format(Locale.ROOT, "%s-w%03d", FAMILY, Math.round(width * 100));
  }

  /** The width of model id {@code id} ({@link #modelId(double)} reversed), or null when it is not a variant here. */
  public static Double widthOf(String id) {
    for (double w : WIDTHS) {
      if (modelId(w).equals(id)) {
        return w;
      }
    }
    return null;
  }

  /** Published ImageNet top-1 of the architecture at {@code width}, with its source (not of seeded weights). */
  public static ModelAccuracy publishedTop1(double width) {
    modelId(width);
    ModelAccuracy a = TOP1.get(width);
    return new ModelAccuracy(a.getMetric(), a.getValue(), a.getSource());
  }

  /**
   * {@code v} rounded to the nearest multiple of {@value #CHANNEL_DIVISOR}, never below it and never more than 10%
   * below {@code v}: the reference implementation's {@code _make_divisible(v, 8)}, so variants have the published
   * channel counts (and MACs) rather than a plain rounding's.
   */
  static int makeDivisible(double v) {
    int rounded = Math.max(CHANNEL_DIVISOR, (int) (v + CHANNEL_DIVISOR / 2.0) / CHANNEL_DIVISOR * CHANNEL_DIVISOR);
    return rounded < 0.9 * v ? rounded + CHANNEL_DIVISOR : rounded;
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
