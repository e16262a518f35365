package org.carbonedge.executor.model;

import java.util.List;
import java.util.Locale;
import org.carbonedge.executor.model.build.BuiltModel;
import org.carbonedge.executor.model.build.EfficientNetB0;
import org.carbonedge.executor.model.build.MnistCnn;
import org.carbonedge.executor.model.build.MobileNetV2;

/**
 * The models CarbonEdge can write without downloading anything: real architectures (MobileNetV2,
 * EfficientNet-B0) and a small MNIST CNN, with seeded weights so a given seed always gives the same file.
 * Weights are random, so outputs are meaningless as predictions but the compute, memory and cut structure are
 * those of the real networks.
 */
public final class ModelZoo {
  /** Names accepted by {@link #build}. */
  public static final List<String> NAMES = List.of("mobilenetv2", "efficientnet-b0", "mnist-cnn");

  /** Seed used when the caller has no reason to choose one. */
  public static final long DEFAULT_SEED = 42L;

  private ModelZoo() {}

  /** Builds model {@code name} (case-insensitive, one of {@link #NAMES}) with weights from {@code seed}. */
  public static BuiltModel build(String name, long seed) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "mobilenetv2", "mobilenet-v2", "mobilenet_v2" -> MobileNetV2.build(seed);
      case "efficientnet-b0", "efficientnet_b0", "efficientnetb0" -> EfficientNetB0.build(seed);
      case "mnist-cnn", "mnist_cnn", "mnistcnn" -> MnistCnn.build(seed);
      default -> throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + NAMES);
    };
  }
}
